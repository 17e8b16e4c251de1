/**
 * Typo-tolerant name matching for global search: "ricota" finds "Ricotta",
 * "alpnie" finds "Alpine". The replica's trigram index (search_names) gives
 * candidates that share a trigram with what was typed; this file decides which
 * of them are close enough, by edit distance per word, and how close.
 */

/** Lower case, accents dropped: the comparison form of a word. */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words typed, folded; punctuation and quotes are not part of a name. */
export function queryWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * An FTS5 query over search_names: names that have, for every word typed of
 * three letters or more, one of its trigrams (a word with digits, such as a
 * number, as typed: it gets no edits). Null when no word is long enough to say
 * anything.
 */
export function trigramQuery(words: readonly string[]): string | null {
  const clauses: string[] = [];
  for (const w of words) {
    if (w.length < 3) continue;
    if (allowedEdits(w) === 0) {
      clauses.push(`"${w}"`);
      continue;
    }
    const grams = new Set<string>();
    for (let i = 0; i + 3 <= w.length; i++) grams.add(`"${w.slice(i, i + 3)}"`);
    clauses.push(`(${[...grams].join(' OR ')})`);
  }
  return clauses.length ? clauses.join(' AND ') : null;
}

/**
 * Edits a typed word may carry and still count: none for short words, where one
 * edit makes another word, nor for numbers ("4242" is not "4243").
 */
function allowedEdits(word: string): number {
  if (/\p{N}/u.test(word)) return 0;
  return word.length <= 3 ? 0 : word.length <= 7 ? 1 : 2;
}

/** Optimal string alignment distance (insert, delete, substitute, swap neighbours), given up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** How far a typed word is from a word of the name: 0 when it is a prefix (still being typed). */
function wordDistance(typed: string, word: string): number {
  if (word.startsWith(typed)) return 0;
  const max = allowedEdits(typed);
  if (max === 0) return 1;
  // Compared with the whole word and with its start, so "ricot" with a typo still finds "ricotta".
  const whole = editDistance(typed, word, max);
  const start =
    word.length > typed.length ? editDistance(typed, word.slice(0, typed.length), max) : whole;
  return Math.min(whole, start);
}

export interface FuzzyMatch {
  /** Edits summed over the typed words; lower is closer. */
  distance: number;
  /** The name with each matched word between the highlight marks. */
  marked: string;
}

/** Whether every typed word is within its allowed edits of some word of the name. */
export function fuzzyNameMatch(
  words: readonly string[],
  name: string,
  marks: { start: string; end: string },
): FuzzyMatch | null {
  const parts = [...name.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    at: m.index,
    text: m[0],
    folded: fold(m[0]),
  }));
  const hit = new Set<number>();
  let distance = 0;
  for (const w of words) {
    let best = Infinity;
    let bestAt = -1;
    parts.forEach((p, i) => {
      const d = wordDistance(w, p.folded);
      if (d < best) [best, bestAt] = [d, i];
    });
    if (bestAt < 0 || best > allowedEdits(w)) return null;
    distance += best;
    hit.add(bestAt);
  }
  let marked = '';
  let pos = 0;
  parts.forEach((p, i) => {
    if (!hit.has(i)) return;
    marked += `${name.slice(pos, p.at)}${marks.start}${p.text}${marks.end}`;
    pos = p.at + p.text.length;
  });
  return { distance, marked: marked + name.slice(pos) };
}
