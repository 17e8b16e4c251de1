import { describe, expect, it } from 'vitest';
import {
  BEFORE_ALL,
  compareOffsets,
  formatOffset,
  lsnFromPg,
  lsnToPg,
  parseOffset,
  SNAPSHOT_END,
} from './offsets.ts';

describe('log offsets', () => {
  it('round-trips Electric offsets', () => {
    for (const text of ['-1', '0_0', '0_inf', '26800584_4', '18446744073709551615_0']) {
      expect(formatOffset(parseOffset(text)!)).toBe(text);
    }
  });

  it('rejects malformed offsets', () => {
    for (const text of [
      '',
      'abc',
      '1',
      '1_',
      '_1',
      '-2',
      '1_-1',
      '1.5_0',
      '1_2_3',
      '18446744073709551616_0',
    ]) {
      expect(parseOffset(text)).toBeNull();
    }
  });

  it('orders by transaction, then op, with inf after every op', () => {
    const sorted = ['-1', '0_0', '0_7', '0_inf', '5_0', '5_1', '5_inf', '6_0'].map((t) =>
      parseOffset(t)!,
    );
    for (let i = 1; i < sorted.length; i++)
      expect(compareOffsets(sorted[i - 1]!, sorted[i]!)).toBe(-1);
    expect(compareOffsets(BEFORE_ALL, parseOffset('-1')!)).toBe(0);
    expect(compareOffsets(SNAPSHOT_END, parseOffset('0_inf')!)).toBe(0);
  });

  it('converts LSNs between PostgreSQL text and integers', () => {
    expect(lsnToPg(0n)).toBe('0/0');
    expect(lsnFromPg('16/B374D848')).toBe(0x16b374d848n);
    expect(lsnToPg(0x16b374d848n)).toBe('16/B374D848');
  });
});
