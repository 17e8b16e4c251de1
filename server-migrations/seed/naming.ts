/**
 * Unique account names, and the contact details that go with a name. Domains
 * use the reserved `.example` TLD and phone numbers the 555-01xx range kept
 * for fiction, so no demo row points at a real business or person.
 */
import type { Rng } from './random.ts';

/** Second locations and the like, for when a generated name is already taken. */
const QUALIFIERS = [
  'Downtown',
  'Northside',
  'West End',
  'Airport',
  'Riverfront',
  'Uptown',
  'Southgate',
  'Midtown',
] as const;

/** Keeps customer names unique within a workspace, the way a real CRM list looks. */
export class NameBook {
  private readonly used = new Set<string>();

  take(rng: Rng, make: () => string): string {
    for (let attempt = 0; attempt < 6; attempt++) {
      const name = make();
      if (!this.used.has(name)) return this.claim(name);
    }
    const base = make();
    for (const q of rng.shuffle([...QUALIFIERS])) {
      const name = `${base} - ${q}`;
      if (!this.used.has(name)) return this.claim(name);
    }
    for (let n = 2; ; n++) {
      const name = `${base} #${n}`;
      if (!this.used.has(name)) return this.claim(name);
    }
  }

  private claim(name: string): string {
    this.used.add(name);
    return name;
  }
}

/** "Harbor Bistro - Downtown" -> "harborbistro-downtown" for a fictional domain. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/&/g, 'and')
      .replace(/[^a-z0-9]+/g, '')
      .slice(0, 40) || 'account'
  );
}

/** A fictional US number in the 555-0100..0199 range reserved for fiction. */
export function phoneNumber(rng: Rng): string {
  return `(${rng.int(201, 989)}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}
