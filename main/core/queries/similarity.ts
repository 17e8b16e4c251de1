/**
 * What makes two records "probably the same": names that read alike once
 * legal suffixes and punctuation are gone, the same phone digits, the same
 * email, the same web domain (free-mail domains say nothing about a company).
 */

const ORG_NOISE = new Set([
  'the',
  'inc',
  'incorporated',
  'llc',
  'l',
  'ltd',
  'limited',
  'co',
  'corp',
  'corporation',
  'company',
  'plc',
  'gmbh',
  'lp',
  'llp',
]);
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

function words(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** An organization name reduced to what identifies it: "The Saucy Foods, Inc." -> "saucy foods". */
export function normalizeOrgName(name: string): string {
  return words(name)
    .filter((w) => !ORG_NOISE.has(w))
    .join(' ');
}

export function normalizePersonName(
  first: string | null | undefined,
  last: string | null | undefined,
): string {
  return words(`${first ?? ''} ${last ?? ''}`).join(' ');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = s.replace(/ /g, '');
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen-Dice over letter pairs: 1 for the same text, about 0.78 for one typo in a 10-letter name. */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  if (!a || !b) return 0;
  const ta = a.split(' ');
  const tb = b.split(' ');
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  // "Sysco" and "Sysco North": every word of one name in the other.
  if (short.join('').length >= 4 && short.every((w) => long.includes(w))) return 0.85;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let overlap = 0;
  let total = 0;
  for (const [g, n] of ga) {
    overlap += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}

/** The last 10 digits of a phone number (drops country codes and formatting); null when too short to compare. */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').split(' x')[0]!.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-10) : null;
}

export function emailKey(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  return e.includes('@') ? e : null;
}

/** The registrable-looking domain of a website or an email address; null for free-mail domains. */
export function domainKey(websiteOrEmail: string | null | undefined): string | null {
  let s = (websiteOrEmail ?? '').trim().toLowerCase();
  if (!s) return null;
  if (s.includes('@') && !s.includes('/')) s = s.split('@').pop()!;
  s = s
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:]/)[0]!;
  if (!s.includes('.') || FREE_MAIL.has(s)) return null;
  return s;
}
