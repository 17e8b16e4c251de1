/**
 * A small seeded PRNG (sfc32, seeded through a string hash) and the helpers the
 * generators need. Math.random is never used: the same --seed must give the
 * same ids, names and notes on every machine, so everything here is plain
 * 32-bit integer arithmetic with no platform-dependent behaviour.
 */

/** xmur3: turns any string into a stream of well-mixed 32-bit seeds. */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly label: string) {
    const seed = xmur3(label);
    this.a = seed();
    this.b = seed();
    this.c = seed();
    this.d = seed();
    // Warm up: the first outputs of sfc32 are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /**
   * An independent stream named after this one. Generators fork per concern
   * (ids, accounts, interactions...) so that adding a draw in one place does
   * not shift every value generated after it elsewhere.
   */
  fork(name: string): Rng {
    return new Rng(`${this.label}/${name}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Fisher-Yates, in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  /** `count` distinct items (or all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(count, items.length));
  }
}

/**
 * Makes UUIDv7-shaped ids: a 48-bit millisecond timestamp, version 7, the RFC
 * 9562 variant and 74 bits from the PRNG. The timestamp is a fixed base plus a
 * counter, not the clock, so ids depend on the seed only (not on the anchor
 * date or the time of the run) and still sort in generation order, which is
 * what UUIDv7 gives a client's indexes.
 */
export function uuidV7Factory(rng: Rng, baseMs: number): () => string {
  let ms = baseMs;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return () => {
    ms += 1;
    const time = hex(ms, 12);
    const a = rng.uint32();
    const b = rng.uint32();
    const c = rng.uint32();
    const randA = hex(a & 0x0fff, 3);
    const variant = hex(((a >>> 12) & 0x3fff) | 0x8000, 4);
    const tail = hex(b, 8) + hex(c & 0xffff, 4);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randA}-${variant}-${tail}`;
  };
}

/**
 * Spreads `total` over items in proportion to their weights, every item first
 * getting `floor` (when the total allows). Deterministic for a given rng.
 */
export function apportion(
  rng: Rng,
  weights: readonly number[],
  total: number,
  floor = 1,
): number[] {
  const n = weights.length;
  const counts = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return counts;
  const base = total >= n * floor ? floor : 0;
  counts.fill(base);
  let remaining = total - base * n;
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return counts;
  for (let i = 0; i < n; i++) {
    const share = Math.floor((remaining * (weights[i] ?? 0)) / sum);
    counts[i] = (counts[i] ?? 0) + share;
  }
  remaining = total - counts.reduce((s, c) => s + c, 0);
  // The rounding leftovers go to random items, still weighted.
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w));
  for (; remaining > 0; remaining--) {
    const r = rng.next() * acc;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] ?? 0) + 1;
  }
  return counts;
}
