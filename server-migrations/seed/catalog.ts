/**
 * The companies a food broker works for and through: the manufacturers it
 * represents (principals) and the broadline and specialty distributors that
 * carry their products. All fictional, as are the customers (customers.ts).
 */

export type ProductCategory =
  | 'Sauces & Condiments'
  | 'Dairy'
  | 'Bakery'
  | 'Produce'
  | 'Beverage'
  | 'Proteins'
  | 'Frozen'
  | 'Specialty & International';

export interface PrincipalEntry {
  name: string;
  /** Brand prefix for product names ("Bayou Bend Smoky Chipotle BBQ Sauce"). */
  brand: string;
  category: ProductCategory;
}

/** Ordered so that any prefix of 5+ covers sauce, dairy, bakery, produce and beverage. */
export const PRINCIPALS: readonly PrincipalEntry[] = [
  { name: 'Bayou Bend Sauce Co.', brand: 'Bayou Bend', category: 'Sauces & Condiments' },
  { name: 'Prairie Gold Creamery', brand: 'Prairie Gold', category: 'Dairy' },
  { name: 'Hearthstone Artisan Bakery', brand: 'Hearthstone', category: 'Bakery' },
  { name: 'Valley Fresh Produce', brand: 'Valley Fresh', category: 'Produce' },
  { name: 'Roastery Row Coffee', brand: 'Roastery Row', category: 'Beverage' },
  { name: 'Cedar Ridge Poultry', brand: 'Cedar Ridge', category: 'Proteins' },
  { name: 'Polar Kitchen Frozen Foods', brand: 'Polar Kitchen', category: 'Frozen' },
  { name: 'Olive & Vine Imports', brand: 'Olive & Vine', category: 'Specialty & International' },
  { name: 'Casa Verde Salsas', brand: 'Casa Verde', category: 'Sauces & Condiments' },
  { name: 'Blue Ridge Dairy Cooperative', brand: 'Blue Ridge', category: 'Dairy' },
  { name: 'Mill Creek Baking Co.', brand: 'Mill Creek', category: 'Bakery' },
  { name: 'Sunfield Growers', brand: 'Sunfield', category: 'Produce' },
  { name: 'Orchard Press Juices', brand: 'Orchard Press', category: 'Beverage' },
  { name: 'Golden Spoon Dressings', brand: 'Golden Spoon', category: 'Sauces & Condiments' },
  { name: 'Alpine Meadow Cheese Co.', brand: 'Alpine Meadow', category: 'Dairy' },
  { name: 'Sunrise Tortilla Factory', brand: 'Sunrise', category: 'Bakery' },
  { name: 'Heartland Potato Co.', brand: 'Heartland', category: 'Produce' },
  { name: 'Bright Leaf Tea Co.', brand: 'Bright Leaf', category: 'Beverage' },
  { name: 'Harbor Catch Seafood', brand: 'Harbor Catch', category: 'Proteins' },
  { name: 'Fireside Flatbreads', brand: 'Fireside', category: 'Frozen' },
  { name: 'Seoul Street Foods', brand: 'Seoul Street', category: 'Specialty & International' },
  { name: 'Red River Hot Sauce Co.', brand: 'Red River', category: 'Sauces & Condiments' },
  { name: 'Clover Hill Farms Dairy', brand: 'Clover Hill', category: 'Dairy' },
  { name: 'Old World Pretzel Co.', brand: 'Old World', category: 'Bakery' },
  { name: 'Crisp Leaf Salads', brand: 'Crisp Leaf', category: 'Produce' },
  { name: 'Summit Spring Water Co.', brand: 'Summit Spring', category: 'Beverage' },
  { name: 'Big Sky Beef Co.', brand: 'Big Sky', category: 'Proteins' },
  { name: 'Maple Grove Frozen Desserts', brand: 'Maple Grove', category: 'Frozen' },
  { name: 'Pasta Nonna', brand: 'Nonna', category: 'Specialty & International' },
  { name: 'Umami Kitchen Foods', brand: 'Umami Kitchen', category: 'Sauces & Condiments' },
  { name: 'Lakeshore Cultured Foods', brand: 'Lakeshore', category: 'Dairy' },
  { name: 'Sweet Oak Desserts', brand: 'Sweet Oak', category: 'Bakery' },
  { name: 'Pacific Coast Berry Co.', brand: 'Pacific Coast', category: 'Produce' },
  { name: 'Fizzwell Craft Sodas', brand: 'Fizzwell', category: 'Beverage' },
  { name: 'Stone Mill Smokehouse', brand: 'Stone Mill', category: 'Proteins' },
  { name: 'Tierra Grains', brand: 'Tierra', category: 'Specialty & International' },
  { name: 'Smoke & Ember Provisions', brand: 'Smoke & Ember', category: 'Sauces & Condiments' },
  { name: 'Golden Crust Breads', brand: 'Golden Crust', category: 'Bakery' },
  { name: 'Green Acre Farms', brand: 'Green Acre', category: 'Produce' },
  { name: 'Three Peppers Condiment Co.', brand: 'Three Peppers', category: 'Sauces & Condiments' },
];

/** Broadline (Sysco / US Foods-like) first, then regional and specialty houses. */
export const DISTRIBUTORS: readonly { name: string; segment: string }[] = [
  { name: 'Summit Foodservice', segment: 'Broadline Distributor' },
  { name: 'United Harvest Foods', segment: 'Broadline Distributor' },
  { name: 'Cardinal Foodservice Distribution', segment: 'Broadline Distributor' },
  { name: 'Great Lakes Food Supply', segment: 'Regional Distributor' },
  { name: 'Keystone Provisions', segment: 'Regional Distributor' },
  { name: 'Gulf Coast Foodservice', segment: 'Regional Distributor' },
  { name: 'Metro Fresh Distributors', segment: 'Produce Distributor' },
  { name: 'Evergreen Specialty Foods', segment: 'Specialty Distributor' },
  { name: 'Heritage Foodservice Group', segment: 'Broadline Distributor' },
  { name: 'Frontier Restaurant Supply', segment: 'Regional Distributor' },
  { name: 'Mountain West Food Co.', segment: 'Regional Distributor' },
  { name: 'Cornerstone School Nutrition Supply', segment: 'K-12 Distributor' },
];
