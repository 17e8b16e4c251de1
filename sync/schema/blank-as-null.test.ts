/** One rule for an empty field, used by the forms (renderer/src/lib/validation.ts) and the core (commands/input.ts). */
import { describe, expect, it } from 'vitest';
import { blankAsNull } from './tables.ts';

describe('blankAsNull', () => {
  it('makes blank text in a nullable column null, zero-width characters included', () => {
    for (const blank of ['', '   ', '\t\n', '\u200B', ' \u2060 ']) expect(blankAsNull('organizations', 'website', blank)).toBeNull();
  });

  it('leaves required columns, real text and other values as they are', () => {
    expect(blankAsNull('organizations', 'name', '  ')).toBe('  ');
    expect(blankAsNull('organizations', 'website', ' a ')).toBe(' a ');
    expect(blankAsNull('organizations', 'is_principal', false)).toBe(false);
    expect(blankAsNull('organizations', 'no_such_column', '')).toBe('');
  });
});
