/**
 * What the principals make, per category, with the pack sizes food-service
 * operators actually buy (cases of #10 cans, gallon jugs, 5 lb bags).
 * One product per line: `item | pack or pack | blurb`.
 */
import type { ProductCategory } from './catalog.ts';
import type { Rng } from './random.ts';

export interface ProductEntry {
  item: string;
  packs: readonly string[];
  blurb: string;
}

function table(text: string): ProductEntry[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [item = '', packs = '', blurb = ''] = line.split('|').map((part) => part.trim());
      return { item, packs: packs.split(' or '), blurb };
    });
}

export const PRODUCTS: Record<ProductCategory, readonly ProductEntry[]> = {
  'Sauces & Condiments': table(`
    Smoky Chipotle BBQ Sauce | 4/1 gal or 2/1 gal | Slow-simmered with chipotle and molasses; holds on the line.
    Roasted Garlic Aioli | 4/1 gal or 6/32 oz | Egg-based, ready to use, squeeze-bottle friendly.
    Buttermilk Ranch Dressing | 4/1 gal or 60/1.5 oz cups | Thick restaurant-style ranch, no MSG.
    Nashville Hot Sauce | 4/1 gal or 12/12 oz | Cayenne-forward heat for tossing wings and tenders.
    Classic Marinara | 6/#10 can | Vine-ripened tomatoes, low sodium option for K-12.
    Salsa Roja | 4/1 gal or 6/#10 can | Fire-roasted tomato and guajillo; medium heat.
    Salsa Verde | 4/1 gal | Tomatillo and jalapeño, bright and tangy.
    Sweet Chili Glaze | 4/64 oz | Asian-style glaze for wings, shrimp and bowls.
    Honey Mustard Dressing | 4/1 gal or 100/1 oz cups | Portion cups available for grab-and-go.
    Korean Gochujang Sauce | 6/64 oz | Fermented chili heat with a touch of sweetness.
    Caesar Dressing | 4/1 gal | Parmesan and anchovy, shelf stable until opened.
    Chimichurri | 6/32 oz | Fresh herb sauce, refrigerated, clean label.
    Alfredo Sauce | 6/#10 can or 12/16 oz pouch | Heat-and-serve, stable on the steam table.
    Teriyaki Marinade | 4/1 gal | Gluten-free tamari base.
  `),
  Dairy: table(`
    Whole Milk Mozzarella, Shredded | 4/5 lb bags | Low-moisture, melts clean on pizza.
    Sharp Cheddar, Sliced | 8/1.5 lb | Aged 9 months, interleaved slices.
    Greek Yogurt, Plain | 4/5 lb tubs or 48/4 oz cups | High protein, meets K-12 meat/meat-alternate credit.
    Heavy Cream 40% | 12/1 qt or 6/half gal | Stable for reductions and whipping.
    Cultured Unsalted Butter | 36/1 lb or 600/5 g pats | European-style, 83% butterfat.
    Fresh Ricotta | 6/3 lb | Whole milk, small curd.
    Pepper Jack, Shredded | 4/5 lb bags | Jalapeño and habanero, anti-caking free.
    String Cheese | 168/1 oz | Individually wrapped snack for schools.
    Sour Cream | 4/5 lb or 100/1 oz cups | Cultured, thick enough for piping.
    Oat Milk Barista Blend | 12/32 oz | Steams and foams like dairy.
    Parmesan, Grated | 4/5 lb | Aged 10 months, domestic.
    Cream Cheese Loaf | 10/3 lb | Bakery-grade for cheesecake and frosting.
  `),
  Bakery: table(`
    Brioche Burger Bun 4" | 96 ct | Pre-sliced, egg-washed, freezer to table.
    Whole Grain Dinner Roll | 120 ct | 51% whole grain, K-12 compliant.
    Sourdough Boule | 24 ct | Par-baked, 48-hour ferment.
    Flour Tortilla 12" | 8/12 ct | Pressed, pliable for burritos and wraps.
    Corn Tortilla 6" | 24/30 ct | Stone-ground white corn, gluten-free.
    Soft Pretzel Bites | 6/2 lb | Bake from frozen in 4 minutes.
    Ciabatta Sandwich Roll | 72 ct | Open crumb, holds up to wet fillings.
    Hoagie Roll 8" | 72 ct | Hinged, seeded or plain.
    Croissant, Butter | 60 ct | Proof-and-bake, all-butter lamination.
    Chocolate Chip Cookie Dough | 240/1.5 oz pucks | Scoop-free pucks, bake from frozen.
    Gluten-Free Pizza Crust 10" | 24 ct | Certified GF, par-baked.
    New York Cheesecake | 4/16 slice | Pre-cut, thaw and serve.
  `),
  Produce: table(`
    Romaine Hearts | 12/3 ct | Field-packed, triple-washed option available.
    Spring Mix | 2/3 lb | Baby greens blend, ready to serve.
    Diced Yellow Onion 3/8" | 4/5 lb | Fresh-cut, saves an hour of prep a day.
    Roma Tomatoes | 25 lb case | Vine-ripened, consistent 5x6 size.
    Avocado Pulp, Chunky | 12/1 lb | High-pressure processed, no browning for days.
    Russet Potatoes 70 ct | 50 lb case | Idaho No. 1, ideal for baking.
    Sweet Potato Fries | 6/2.5 lb | Crinkle cut, lightly battered for crunch.
    Fresh Blueberries | 12/6 oz or 10 lb flat | Sorted and ready for breakfast and desserts.
    Broccoli Florets | 4/3 lb | Cut and washed, uniform size for steaming.
    Apple Slices | 100/2 oz bags | Treated for freshness, school snack favorite.
    Shredded Cabbage Slaw Mix | 4/5 lb | Green and red cabbage with carrot.
    Cilantro, Bunched | 30 ct | Iced, never topped.
  `),
  Beverage: table(`
    Cold Brew Concentrate | 4/1 gal bag-in-box | 1:3 dilution, 14-day shelf life once opened.
    House Blend Coffee, Ground | 42/2.5 oz fraction packs | Medium roast, fair trade.
    Espresso Whole Bean | 6/5 lb | Dark roast, chocolate notes.
    100% Orange Juice | 70/4 oz cups or 8/64 oz | Not from concentrate; counts as fruit in K-12.
    Apple Juice | 40/6.75 oz boxes | No sugar added.
    Unsweetened Iced Tea | 6/3 gal bag-in-box | Brewed black tea concentrate.
    Sparkling Lemonade | 24/12 oz cans | Real lemon, cane sugar.
    Spring Water | 24/16.9 oz or 35/8 oz | Recyclable bottles, school sizes available.
    Chai Concentrate | 6/32 oz | Spiced black tea, mixes 1:1 with milk.
    Craft Root Beer | 5 gal bag-in-box or 24/12 oz bottles | Cane sugar, fountain-ready.
    Hot Cocoa Mix | 6/2 lb | Just add hot water.
  `),
  Proteins: table(`
    Breaded Chicken Tenders | 2/5 lb | Whole muscle, fully cooked, CN labeled.
    Boneless Chicken Thighs | 4/10 lb | Raw, individually frozen.
    Wild Alaskan Salmon Fillet 6 oz | 10 lb case | Skin-on, pin-bone out, IQF.
    Beer-Battered Cod 4 oz | 10 lb case | Oven or fryer ready.
    Angus Burger Patty 6 oz | 40 ct | 80/20, fresh-frozen.
    Pulled Pork, Smoked | 4/5 lb | Hickory smoked 14 hours, sauce on the side.
    Turkey Breast, Sliced | 6/2 lb | Oven roasted, low sodium.
    Bacon, Applewood Smoked | 15 lb case | 14/18 slice count, layout pack.
    Shrimp 21/25, Peeled & Deveined | 5/2 lb | Tail-off, IQF, responsibly farmed.
    Beef Brisket, Fully Cooked | 2/6 lb | Heat-and-slice, consistent yield.
  `),
  Frozen: table(`
    Margherita Flatbread | 24 ct | Stone-fired, bakes in 6 minutes.
    Cheese Pizza, Whole Grain Crust | 96/4.6 oz slices | K-12 compliant, 2 oz meat/meat alternate.
    Vegetable Egg Rolls | 120 ct | Hand-rolled, air-fryer friendly.
    Macaroni & Cheese | 4/5 lb trays | Three-cheese, bake from frozen.
    Vanilla Bean Ice Cream | 3 gal tub | Super-premium, 14% butterfat.
    Fruit Sorbet Cups | 48/4 oz | Dairy-free, allergen friendly.
    Cheese Ravioli | 2/6 lb | Ricotta and parmesan filling.
    Breakfast Burrito | 60/5 oz | Egg, cheese and potato; individually wrapped.
    Mozzarella Sticks | 4/3 lb | Italian-breaded, no blowouts.
    Plant-Based Burger | 40/4 oz | Pea protein, grills like beef.
  `),
  'Specialty & International': table(`
    Extra Virgin Olive Oil | 6/3 L tins | Cold-pressed, single origin.
    Kalamata Olives, Pitted | 2/4.4 lb | Brine-cured.
    Bulgogi Beef Strips | 4/5 lb | Marinated and fully cooked.
    Kimchi | 4/1 gal | Napa cabbage, traditionally fermented.
    Rigatoni, Bronze-Cut | 2/10 lb | Slow-dried durum semolina.
    Gnocchi, Potato | 6/2.2 lb | Shelf-stable, pan-sear ready.
    Quinoa, Tri-Color | 4/5 lb | Pre-rinsed, cooks in 15 minutes.
    Arborio Rice | 6/5 lb | Italian superfino for risotto.
    Hummus, Classic | 4/5 lb | Tahini-rich, HPP fresh.
    Pita Bread 7" | 12/10 ct | Pocket style, griddle ready.
    San Marzano Tomatoes | 6/#10 can | DOP certified, whole peeled.
  `),
};

/** Variants for a principal asked to carry more items than its category lists. */
const VARIANTS = [
  'Low Sodium',
  'Value Pack',
  'Organic',
  'Reduced Fat',
  'Gluten-Free',
  'Family Size',
  'Club Pack',
] as const;

export interface ProductSpec {
  name: string;
  item: string;
  category: ProductCategory;
  description: string;
}

/** `count` distinct products for one principal: its category's items first, then variants of them. */
export function productsFor(
  rng: Rng,
  brand: string,
  category: ProductCategory,
  count: number,
): ProductSpec[] {
  const entries = rng.shuffle([...PRODUCTS[category]]);
  const specs: ProductSpec[] = [];
  for (let i = 0; i < count; i++) {
    const entry = entries[i % entries.length] as ProductEntry;
    const round = Math.floor(i / entries.length);
    const variant =
      round === 0
        ? ''
        : ` (${VARIANTS[(round - 1) % VARIANTS.length]}${round > VARIANTS.length ? ` ${round}` : ''})`;
    const item = `${entry.item}${variant}`;
    specs.push({
      name: `${brand} ${item}`,
      item,
      category,
      description: `${rng.pick(entry.packs)}. ${entry.blurb}`,
    });
  }
  return specs;
}
