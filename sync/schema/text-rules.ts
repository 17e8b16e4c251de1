/**
 * What text a replicated column can hold, shared by the server's mutation
 * endpoint, the desktop commands and the forms (one rule, three ends).
 *
 * - PostgreSQL refuses NUL in text and jsonb, and a lone UTF-16 surrogate has
 *   no UTF-8 form at all (node-pg would silently turn it into U+FFFD, jsonb
 *   refuses its \uD800 escape): both are refused here with a field error instead.
 * - Blank is whitespace only, where whitespace is every Unicode space (what
 *   JavaScript's \s knows: U+00A0, U+3000, U+FEFF, ...) and the invisible
 *   format characters people paste from web pages and chat apps (U+200B zero
 *   width space, U+200C/U+200D joiners, U+2060 word joiner, U+180E): a name
 *   made of them looks empty on screen, so it is empty.
 */

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BLANK = /^(?:\s|\u200B|\u200C|\u200D|\u2060|\u180E)*$/;

/** Why PostgreSQL could not store this text, or undefined when it can. */
export function unstorableTextReason(s: string): string | undefined {
  if (NUL.test(s)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (broken character)';
  return undefined;
}

/** Whitespace only (Unicode spaces and zero-width characters), or empty. */
export function isBlankText(s: string): boolean {
  return BLANK.test(s);
}

/** Blank as forms and mutations mean it: null, undefined, or blank text. */
export function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && isBlankText(v));
}
