import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareDecimal, compareFloat } from './pg-compare.ts';

describe('text-format comparisons', () => {
  it('compares decimals exactly, including numeric specials', () => {
    const ordered = [
      '-Infinity',
      '-100',
      '-99.5',
      '-0.001',
      '0',
      '0.00',
      '0.1',
      '0.10000000000000000001',
      '2',
      '10',
      '99999999999999999999',
      'Infinity',
      'NaN',
    ];
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1]!, ordered[i]!];
      if (a === '0' && b === '0.00') expect(compareDecimal(a, b)).toBe(0);
      else expect(compareDecimal(a, b), `${a} < ${b}`).toBe(-1);
      if (!(a === '0' && b === '0.00')) expect(compareDecimal(b, a)).toBe(1);
    }
    expect(compareDecimal('-0', '0')).toBe(0);
    expect(compareDecimal('1.50', '1.5')).toBe(0);
  });

  it('treats float NaN as equal to itself and above every number', () => {
    expect(compareFloat('NaN', 'NaN')).toBe(0);
    expect(compareFloat('NaN', 'Infinity')).toBe(1);
    expect(compareFloat('-Infinity', '-1e308')).toBe(-1);
    expect(compareFloat('0.1', '0.10')).toBe(0);
  });

  it('orders text by code point (UTF-8 byte order), not UTF-16 units', () => {
    expect(compareCodePoints('\uffff', '\u{1F600}')).toBe(-1); // '<' on JS strings says the opposite
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(compareCodePoints('B', 'a')).toBe(-1);
  });
});
