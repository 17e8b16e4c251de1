/**
 * Concurrent guesses: the throttle reserves each attempt before the slow
 * password check, so a burst gets exactly the allowance checked (the free
 * failures plus the one that starts the lockout), not every guess that
 * arrived before the first failure was written; and once the allowance is
 * used, a burst that carries the right password gets no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createLoginTenant, newDevice, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

const FREE = 3;
let t: TestServer;
let a: LoginTenant;
beforeAll(async () => {
  // A lockout far longer than the test, and an address allowance that never gets in the way.
  t = await startTestServer({
    trustProxy: 'true', loginFreeAttempts: FREE, loginFreeAttemptsPerAddress: 10_000, loginBaseDelayMs: '10m', loginMaxDelayMs: '1h',
  });
  a = await createLoginTenant(t.db.pool, 'alpha');
});
afterAll(async () => {
  await t.close();
});

function attempt(email: string, password: string, address: string) {
  return call(t.url, 'POST', '/v1/auth/login', { body: { email, password, device: newDevice() }, headers: { 'x-forwarded-for': address } });
}

function tally(statuses: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('a burst of concurrent sign-ins for one account', () => {
  it('checks only the allowance of 60 concurrent wrong passwords; the rest are throttled unchecked', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => attempt(a.emails.rep, 'wrong guess', '10.1.0.1')));
    expect(tally(answers.map((r) => r.status))).toEqual({ 401: FREE + 1, 429: 60 - FREE - 1 });
    for (const r of answers) expect(r.body.error.code).toBe(r.status === 401 ? 'invalid_credentials' : 'too_many_attempts');
  });

  it('gives no token to the right password inside a burst once the allowance is used', async () => {
    for (let i = 0; i <= FREE; i++) expect((await attempt(a.emails.viewer, 'wrong guess', '10.1.0.2')).status).toBe(401);
    const burst = await Promise.all([
      ...Array.from({ length: 20 }, () => attempt(a.emails.viewer, 'wrong guess', '10.1.0.2')),
      attempt(a.emails.viewer, PASSWORD, '10.1.0.2'),
    ]);
    expect(tally(burst.map((r) => r.status))).toEqual({ 429: 21 });
    expect(burst.some((r) => r.body.token)).toBe(false);
  });

  it('checks at most the allowance when the right password races wrong ones', async () => {
    const burst = await Promise.all([
      ...Array.from({ length: 30 }, () => attempt(a.emails.manager, 'wrong guess', '10.1.0.3')),
      attempt(a.emails.manager, PASSWORD, '10.1.0.3'),
    ]);
    const counts = tally(burst.map((r) => r.status));
    // The right one may land inside the allowance (a token, and the count starts over) or after it (429).
    if (counts[200]) expect(counts[401]).toBeLessThanOrEqual(2 * (FREE + 1));
    else expect(counts[401]).toBe(FREE + 1);
    expect((counts[200] ?? 0) + (counts[401] ?? 0) + (counts[429] ?? 0)).toBe(31);
  });
});
