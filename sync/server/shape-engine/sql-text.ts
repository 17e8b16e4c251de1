/**
 * Small pieces of SQL's lexical rules shared by the where tokenizer and the parsing of
 * Electric's `table` and `columns` params.
 */

/** `name` as a double-quoted identifier (inner quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Reads a quoted token starting at `start` (which holds the quote character, ' or "),
 * where a doubled quote stands for one. Returns the unquoted text and the index after the
 * closing quote, or null when the closing quote is missing.
 */
export function readQuoted(src: string, start: number): { value: string; end: number } | null {
  const q = src[start];
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= src.length) return null;
    if (src[i] === q) {
      if (src[i + 1] !== q) return { value, end: i + 1 };
      value += q;
      i += 2;
    } else {
      value += src[i++];
    }
  }
}
