import { describe, expect, it } from 'vitest';
import { xid32, xidVisibleInSnapshot } from './xid-visibility.ts';

const epoch = (n: bigint, x: number) => (n << 32n) + BigInt(x);
const snapshot = (xmin: bigint, xmax: bigint, xip: bigint[]) => ({
  xmin: xid32(xmin),
  xmax: xid32(xmax),
  inProgress: (xid: number) => xip.some((x) => xid32(x) === xid),
});

describe('xidVisibleInSnapshot (PostgreSQL snapshot rules on 32-bit xids)', () => {
  const snap = snapshot(epoch(1n, 100), epoch(1n, 105), [epoch(1n, 103)]);

  it('sees every transaction before xmin', () => {
    expect(xidVisibleInSnapshot(99, snap)).toBe(true);
    expect(xidVisibleInSnapshot(3, snap)).toBe(true);
  });

  it('sees a transaction between xmin and xmax unless it was in progress (xip)', () => {
    expect(xidVisibleInSnapshot(100, snap)).toBe(true);
    expect(xidVisibleInSnapshot(104, snap)).toBe(true);
    expect(xidVisibleInSnapshot(103, snap)).toBe(false);
  });

  it('does not see xmax or anything after it', () => {
    expect(xidVisibleInSnapshot(105, snap)).toBe(false);
    expect(xidVisibleInSnapshot(2_000_000, snap)).toBe(false);
  });

  it('compares modulo 2^32 across an epoch boundary, as TransactionIdPrecedes does', () => {
    const straddling = snapshot(epoch(1n, 0xffff_fff0), epoch(2n, 10), [epoch(2n, 5)]);
    expect(xidVisibleInSnapshot(0xffff_ffe0, straddling)).toBe(true);
    expect(xidVisibleInSnapshot(0xffff_fff8, straddling)).toBe(true);
    expect(xidVisibleInSnapshot(4, straddling)).toBe(true);
    expect(xidVisibleInSnapshot(5, straddling)).toBe(false);
    expect(xidVisibleInSnapshot(10, straddling)).toBe(false);
    expect(xidVisibleInSnapshot(11, straddling)).toBe(false);
  });

  it('takes the low 32 bits of a 64-bit xid given as bigint, number or text', () => {
    expect(xid32(epoch(3n, 7))).toBe(7);
    expect(xid32(String(epoch(3n, 7)))).toBe(7);
    expect(xid32(42)).toBe(42);
  });
});
