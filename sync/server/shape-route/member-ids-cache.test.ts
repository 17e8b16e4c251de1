import { describe, expect, it } from 'vitest';
import { MemberIdsCache } from './member-ids-cache.ts';

function setup() {
  const clock = { now: 1_000_000, epoch: 0 };
  const cache = new MemberIdsCache(() => clock.epoch, 5000, () => clock.now);
  let reads = 0;
  const read = (ids: string[]) => async () => {
    reads += 1;
    return ids;
  };
  return { clock, cache, read, reads: () => reads };
}

describe('MemberIdsCache', () => {
  it('reads a workspace once within the time to live, shared by concurrent callers, and again after it', async () => {
    const { clock, cache, read, reads } = setup();
    const [a, b] = await Promise.all([cache.get('w1', read(['u1'])), cache.get('w1', read(['u2']))]);
    expect([a, b]).toEqual([['u1'], ['u1']]);
    expect(reads()).toBe(1);
    clock.now += 4_999;
    expect(await cache.get('w1', read(['u2']))).toEqual(['u1']);
    clock.now += 1;
    expect(await cache.get('w1', read(['u1', 'u3']))).toEqual(['u1', 'u3']);
    expect(reads()).toBe(2);
  });

  it('keeps workspaces apart', async () => {
    const { cache, read } = setup();
    expect(await cache.get('w1', read(['u1']))).toEqual(['u1']);
    expect(await cache.get('w2', read(['u9']))).toEqual(['u9']);
  });

  it('reads again once access may have changed (a member removed moves the epoch)', async () => {
    const { clock, cache, read, reads } = setup();
    await cache.get('w1', read(['u1', 'u2']));
    clock.epoch = 1;
    expect(await cache.get('w1', read(['u1']))).toEqual(['u1']);
    expect(reads()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const { cache, read } = setup();
    await expect(cache.get('w1', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('w1', read(['u1']))).toEqual(['u1']);
  });
});
