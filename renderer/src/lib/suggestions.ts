/** Common values offered while typing free-text fields (the columns stay free text). */
export const SEGMENTS = [
  'Restaurant - Independent',
  'Restaurant - Multi-Unit Chain',
  'K-12 School District',
  'Healthcare - Hospital',
  'Hotel & Resort',
  'College & University Dining',
  'Senior Living',
  'Catering & Events',
  'Corporate Dining',
  'Broadline Distributor',
  'Regional Distributor',
  'Specialty Distributor',
];

export const PRODUCT_CATEGORIES = [
  'Sauces & Condiments',
  'Dairy',
  'Bakery',
  'Produce',
  'Beverage',
  'Proteins',
  'Frozen',
  'Specialty & International',
];

export const OPPORTUNITY_CONTEXTS = [
  'Food Show',
  'Cold Call',
  'Distributor Referral',
  'Existing Account',
  'Principal Lead',
  'Menu Change',
  'Bid / RFP',
  'Customer Request',
];
