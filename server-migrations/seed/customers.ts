/**
 * The operators a broker calls on: restaurants, K-12 districts, hospitals,
 * hotels, universities, senior living and caterers. Each segment has its own
 * way of naming itself and its own people (a school district has a food
 * service director, not an executive chef), so names and titles are drawn per
 * segment.
 */
import type { Rng } from './random.ts';

export interface CustomerSegment {
  segment: string;
  weight: number;
  titles: readonly string[];
  /** Builds a name from the territory's city names and the rng. */
  name: (rng: Rng, city: string) => string;
}

const PLACE_WORDS = [
  'Harbor',
  'Maple',
  'Copper',
  'Juniper',
  'Olive',
  'Blue Door',
  'Iron Skillet',
  'Saffron',
  'Union Street',
  'Birch & Barley',
  'Red Barn',
  'Lantern',
  'Magnolia',
  'Salt & Pine',
  'Golden Fork',
  'Wild Thyme',
  'Brick Oven',
  'Little Sparrow',
  'Oak & Ember',
  'Cast Iron',
  'Riverside',
  'Fig Tree',
  'Northside',
  'Black Pepper',
  'Second Street',
  'Stone Hearth',
  'Bluebird',
  'Sage & Honey',
  'Anchor',
  'Cardamom',
  'Prairie',
  'Smoky Hollow',
  'Green Tomato',
  'Silver Spoon',
  'Corner',
  'Market Square',
  'Lucky Dragon',
  'El Sol',
  'Bella Notte',
  'Kismet',
] as const;
const RESTAURANT_KINDS = [
  'Bistro',
  'Kitchen',
  'Grill',
  'Tavern',
  'Trattoria',
  'Taqueria',
  'Smokehouse',
  'Brasserie',
  'Diner',
  'Cantina',
  'Oyster Bar',
  'Noodle House',
  'Cafe',
  'Eatery',
  'Steakhouse',
  'Pizzeria',
  'Burger Co.',
  'Chophouse',
] as const;
const QSR_KINDS = [
  'Chicken',
  'Burrito Bar',
  'Burgers',
  'Bagel Co.',
  'Poke',
  'Sub Shop',
  'Wings',
  'Coffee House',
] as const;
const SCHOOL_KINDS = [
  'Unified School District',
  'Public Schools',
  'Independent School District',
  'County Schools',
  'Community School District',
  'Area School District',
] as const;
const AREA_WORDS = [
  'Pine Valley',
  'Cedar Falls',
  'Lakeview',
  'Oak Grove',
  'Westfield',
  'Brookside',
  'Fairview',
  'Hillcrest',
  'Spring Creek',
  'Meadowbrook',
  'Glenwood',
  'Clearwater',
  'Highland',
  'Willow Park',
  'North Ridge',
  'Eastgate',
] as const;
const SAINTS = [
  'St. Mary',
  'St. Luke',
  'St. Joseph',
  'St. Anne',
  'St. Vincent',
  'St. Francis',
  'Good Samaritan',
] as const;
const HOSPITAL_FORMS = [
  (a: string) => `${a} Regional Medical Center`,
  (a: string) => `${a} Memorial Hospital`,
  (a: string) => `${a} Community Health`,
  (a: string) => `Children's Hospital of ${a}`,
  (a: string) => `${a} VA Medical Center`,
] as const;
const HOTEL_FORMS = [
  (a: string) => `The ${a} Hotel`,
  (a: string) => `${a} Grand Resort & Spa`,
  (a: string) => `${a} Inn & Suites`,
  (a: string) => `Hotel ${a}`,
  (a: string) => `${a} Conference Center`,
  (a: string) => `${a} Lodge`,
] as const;
const HOTEL_WORDS = [
  'Ambassador',
  'Lakeside',
  'Regency',
  'Harborview',
  'Monarch',
  'Cornerstone',
  'Fairmont Park',
  'Meridian',
  'Wexford',
  'Beacon',
] as const;

const CHEF_TITLES = [
  'Executive Chef',
  'Chef/Owner',
  'Sous Chef',
  'Kitchen Manager',
  'General Manager',
  'Purchasing Manager',
] as const;

export const CUSTOMER_SEGMENTS: readonly CustomerSegment[] = [
  {
    segment: 'Restaurant - Independent',
    weight: 30,
    titles: CHEF_TITLES,
    name: (rng) => `${rng.pick(PLACE_WORDS)} ${rng.pick(RESTAURANT_KINDS)}`,
  },
  {
    segment: 'Restaurant - Multi-Unit Chain',
    weight: 12,
    titles: [
      'Corporate Chef',
      'Director of Culinary',
      'Purchasing Director',
      'VP of Operations',
      'Director of R&D',
    ],
    name: (rng) => `${rng.pick(PLACE_WORDS)} ${rng.pick(QSR_KINDS)}`,
  },
  {
    segment: 'K-12 School District',
    weight: 14,
    titles: [
      'Food Service Director',
      'Nutrition Services Coordinator',
      'Purchasing Agent',
      'Menu Planner/Dietitian',
      'Central Kitchen Manager',
    ],
    name: (rng, city) =>
      `${rng.chance(0.5) ? city : rng.pick(AREA_WORDS)} ${rng.pick(SCHOOL_KINDS)}`,
  },
  {
    segment: 'Healthcare - Hospital',
    weight: 10,
    titles: [
      'Director of Nutrition Services',
      'Executive Chef',
      'Patient Food Services Manager',
      'Purchasing Manager',
      'Clinical Dietitian',
    ],
    name: (rng, city) => rng.pick(HOSPITAL_FORMS)(rng.chance(0.4) ? rng.pick(SAINTS) : city),
  },
  {
    segment: 'Hotel & Resort',
    weight: 10,
    titles: [
      'Executive Chef',
      'Director of Food & Beverage',
      'Banquet Chef',
      'Purchasing Manager',
      'Executive Sous Chef',
    ],
    name: (rng, city) => rng.pick(HOTEL_FORMS)(rng.chance(0.5) ? rng.pick(HOTEL_WORDS) : city),
  },
  {
    segment: 'College & University Dining',
    weight: 6,
    titles: [
      'Director of Dining Services',
      'Executive Chef',
      'Retail Dining Manager',
      'Purchasing Coordinator',
    ],
    name: (rng, city) =>
      `${rng.chance(0.6) ? `University of ${city}` : `${rng.pick(AREA_WORDS)} College`} Dining Services`,
  },
  {
    segment: 'Senior Living',
    weight: 8,
    titles: [
      'Dining Services Director',
      'Executive Chef',
      'Culinary Director',
      'Registered Dietitian',
    ],
    name: (rng) =>
      `${rng.pick(AREA_WORDS)} ${rng.pick(['Senior Living', 'Gardens Retirement Community', 'Assisted Living', 'Village'])}`,
  },
  {
    segment: 'Catering & Events',
    weight: 6,
    titles: ['Owner', 'Executive Chef', 'Catering Sales Manager', 'Operations Manager'],
    name: (rng) =>
      `${rng.pick(PLACE_WORDS)} ${rng.pick(['Catering Co.', 'Events & Catering', 'Fine Catering', 'Table Events'])}`,
  },
  {
    segment: 'Corporate Dining',
    weight: 4,
    titles: ['Café Manager', 'Executive Chef', 'Account Director', 'Purchasing Manager'],
    name: (rng, city) =>
      `${city} ${rng.pick(['Corporate Campus Café', 'Tech Park Dining', 'Medical Plaza Café', 'Stadium Concessions'])}`,
  },
];
