import { describe, expect, it } from 'vitest';
import type { Session } from '../auth/sessions.ts';
import { LiveSessionCache } from './live-session-cache.ts';

const session = (expiresInMs: number, now: number): Session => ({
  sessionId: 's1',
  tokenHash: Buffer.alloc(32, 1),
  userId: 'u1',
  email: 'rep@example.com',
  displayName: 'Rep',
  workspaceId: 'w1',
  workspaceName: 'Alpha',
  role: 'rep',
  deviceId: 'd1',
  deviceName: 'Laptop',
  platform: 'linux',
  appVersion: null,
  resyncRequestedAt: null,
  expiresAt: new Date(now + expiresInMs),
  lastUsedAt: new Date(now),
});

function setup(ttlMs = 10_000) {
  const clock = { now: 1_000_000, epoch: 0 };
  const cache = new LiveSessionCache(() => clock.epoch, ttlMs, () => clock.now);
  return { clock, cache };
}

describe('LiveSessionCache', () => {
  it('reuses a session read under the current epoch, within its time to live', () => {
    const { clock, cache } = setup();
    const s = session(3_600_000, clock.now);
    cache.put('aa', s, 0);
    expect(cache.get('aa')).toEqual({ session: s, epoch: 0 });
    clock.now += 7_000; // under the shortest jittered TTL (75 %)
    expect(cache.get('aa')?.session).toBe(s);
    clock.now += 3_001; // past the longest
    expect(cache.get('aa')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry for an explicit time to live (the access watch refreshing it), without jitter', () => {
    const { clock, cache } = setup();
    const s = session(3_600_000, clock.now);
    cache.put('aa', s, 0, 17_000);
    clock.now += 16_999;
    expect(cache.get('aa')?.session).toBe(s);
    clock.now += 1;
    expect(cache.get('aa')).toBeUndefined();
  });

  it('forgets every session once access may have changed (a new epoch)', () => {
    const { clock, cache } = setup();
    cache.put('aa', session(3_600_000, clock.now), 0);
    clock.epoch = 1;
    expect(cache.get('aa')).toBeUndefined();
  });

  it('refuses a session read under an epoch that has since passed (a NOTIFY landed during the query)', () => {
    const { clock, cache } = setup();
    const epochBeforeQuery = clock.epoch;
    clock.epoch = 1;
    cache.put('aa', session(3_600_000, clock.now), epochBeforeQuery);
    expect(cache.get('aa')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never outlives the session itself', () => {
    const { clock, cache } = setup();
    cache.put('aa', session(2_000, clock.now), 0);
    clock.now += 2_000;
    expect(cache.get('aa')).toBeUndefined();
  });

  it('drops one token on request and all of them on clear', () => {
    const { clock, cache } = setup();
    cache.put('aa', session(3_600_000, clock.now), 0);
    cache.put('bb', session(3_600_000, clock.now), 0);
    cache.delete('aa');
    expect(cache.get('aa')).toBeUndefined();
    expect(cache.get('bb')).toBeDefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
