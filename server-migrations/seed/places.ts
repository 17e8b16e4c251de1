/**
 * Where things are. Each workspace (one broker company) covers one territory,
 * and its customers and distributors are in that territory's cities; the
 * manufacturers it represents are anywhere in the country.
 */

export interface Territory {
  name: string;
  cities: readonly { city: string; region: string; zip: string }[];
}

export const TERRITORIES: readonly Territory[] = [
  {
    name: 'Great Lakes',
    cities: [
      { city: 'Chicago', region: 'IL', zip: '606' },
      { city: 'Evanston', region: 'IL', zip: '602' },
      { city: 'Naperville', region: 'IL', zip: '605' },
      { city: 'Milwaukee', region: 'WI', zip: '532' },
      { city: 'Madison', region: 'WI', zip: '537' },
      { city: 'Grand Rapids', region: 'MI', zip: '495' },
      { city: 'Detroit', region: 'MI', zip: '482' },
      { city: 'Ann Arbor', region: 'MI', zip: '481' },
      { city: 'Indianapolis', region: 'IN', zip: '462' },
      { city: 'South Bend', region: 'IN', zip: '466' },
    ],
  },
  {
    name: 'Lone Star',
    cities: [
      { city: 'Dallas', region: 'TX', zip: '752' },
      { city: 'Fort Worth', region: 'TX', zip: '761' },
      { city: 'Houston', region: 'TX', zip: '770' },
      { city: 'Austin', region: 'TX', zip: '787' },
      { city: 'San Antonio', region: 'TX', zip: '782' },
      { city: 'Plano', region: 'TX', zip: '750' },
      { city: 'El Paso', region: 'TX', zip: '799' },
      { city: 'Waco', region: 'TX', zip: '767' },
    ],
  },
  {
    name: 'Peachtree',
    cities: [
      { city: 'Atlanta', region: 'GA', zip: '303' },
      { city: 'Savannah', region: 'GA', zip: '314' },
      { city: 'Charlotte', region: 'NC', zip: '282' },
      { city: 'Raleigh', region: 'NC', zip: '276' },
      { city: 'Greenville', region: 'SC', zip: '296' },
      { city: 'Charleston', region: 'SC', zip: '294' },
      { city: 'Nashville', region: 'TN', zip: '372' },
      { city: 'Chattanooga', region: 'TN', zip: '374' },
    ],
  },
  {
    name: 'Front Range',
    cities: [
      { city: 'Denver', region: 'CO', zip: '802' },
      { city: 'Boulder', region: 'CO', zip: '803' },
      { city: 'Colorado Springs', region: 'CO', zip: '809' },
      { city: 'Fort Collins', region: 'CO', zip: '805' },
      { city: 'Salt Lake City', region: 'UT', zip: '841' },
      { city: 'Cheyenne', region: 'WY', zip: '820' },
      { city: 'Albuquerque', region: 'NM', zip: '871' },
      { city: 'Santa Fe', region: 'NM', zip: '875' },
    ],
  },
  {
    name: 'Keystone',
    cities: [
      { city: 'Philadelphia', region: 'PA', zip: '191' },
      { city: 'Pittsburgh', region: 'PA', zip: '152' },
      { city: 'Harrisburg', region: 'PA', zip: '171' },
      { city: 'Baltimore', region: 'MD', zip: '212' },
      { city: 'Wilmington', region: 'DE', zip: '198' },
      { city: 'Trenton', region: 'NJ', zip: '086' },
      { city: 'Allentown', region: 'PA', zip: '181' },
      { city: 'Lancaster', region: 'PA', zip: '176' },
    ],
  },
];

export const BROKER_SUFFIXES = [
  'Food Brokers',
  'Foodservice Sales',
  'Menu Partners',
  'Sales & Marketing',
] as const;

/** Where the manufacturers are (any state: principals are not in the territory). */
export const MANUFACTURER_CITIES: readonly { city: string; region: string; zip: string }[] = [
  { city: 'Lafayette', region: 'LA', zip: '705' },
  { city: 'Green Bay', region: 'WI', zip: '543' },
  { city: 'Salinas', region: 'CA', zip: '939' },
  { city: 'Portland', region: 'OR', zip: '972' },
  { city: 'Boise', region: 'ID', zip: '837' },
  { city: 'Lancaster', region: 'PA', zip: '176' },
  { city: 'Fresno', region: 'CA', zip: '937' },
  { city: 'Des Moines', region: 'IA', zip: '503' },
  { city: 'Burlington', region: 'VT', zip: '054' },
  { city: 'Omaha', region: 'NE', zip: '681' },
];

export const STREETS = [
  'Main St',
  'Oak Ave',
  'Commerce Dr',
  'Industrial Pkwy',
  'Lake St',
  '2nd Ave',
  'Market St',
  'Elm St',
  'Washington Blvd',
  'Riverside Dr',
  'Cedar Ln',
  'Park Ave',
  'Maple St',
  'Harbor Way',
  'Depot St',
  'Franklin Ave',
  'Church St',
  'Mill Rd',
  'Broadway',
  'Union St',
  'Prairie Ave',
  'Orchard Rd',
] as const;
