/**
 * Failed sign-ins are slowed down per account and per address, measured over
 * real HTTP: after the free attempts even the right password is refused (429,
 * Retry-After) for a window that doubles with each further failure.
 * Addresses come from X-Forwarded-For (TRUST_PROXY), so each case has its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createLoginTenant, newDevice, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

const BASE_MS = 400;
let t: TestServer;
let a: LoginTenant;
beforeAll(async () => {
  t = await startTestServer({
    trustProxy: 'true', loginFreeAttempts: 2, loginFreeAttemptsPerAddress: 6, loginBaseDelayMs: `${BASE_MS}ms`, loginMaxDelayMs: '5s',
  });
  a = await createLoginTenant(t.db.pool, 'alpha');
});
afterAll(async () => {
  await t.close();
});

function attempt(email: string, password: string, address: string) {
  return call(t.url, 'POST', '/v1/auth/login', {
    body: { email, password, device: newDevice() },
    headers: { 'x-forwarded-for': address },
  });
}

/**
 * Tries the right password until it is accepted; the time since `since`, the
 * moment the locking failure was answered (the window runs from there, so the
 * calls made in between must count, or a slow machine makes the window look short).
 */
async function msUntilAccepted(email: string, address: string, since = Date.now()): Promise<number> {
  const start = since;
  for (;;) {
    const res = await attempt(email, PASSWORD, address);
    if (res.status === 200) return Date.now() - start;
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_attempts');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - start > 10_000) throw new Error('never accepted again');
  }
}

describe('failed sign-in slow-down', () => {
  it('locks an account out for a window that doubles with each failure past the free ones', async () => {
    const ip = '10.0.0.1';
    for (let i = 0; i < 2; i++) expect((await attempt(a.emails.rep, 'wrong', ip)).status).toBe(401);
    // Third failure: over the allowance, locked for BASE_MS.
    expect((await attempt(a.emails.rep, 'wrong', ip)).status).toBe(401);
    const first = await msUntilAccepted(a.emails.rep, ip);
    expect(first).toBeGreaterThanOrEqual(BASE_MS - 100);
    expect(first).toBeLessThan(BASE_MS * 4);

    // The right password cleared the count: two free failures again, locked again on the third.
    for (let i = 0; i < 3; i++) expect((await attempt(a.emails.rep, 'wrong', ip)).status).toBe(401);
    const lockedAt = Date.now();
    const blocked = await attempt(a.emails.rep, PASSWORD, ip);
    expect(blocked.status).toBe(429);
    // Refused while locked out without looking at the password: no failure is added for it.
    const second = await msUntilAccepted(a.emails.rep, ip, lockedAt);
    expect(second).toBeGreaterThanOrEqual(BASE_MS - 150);
  });

  it('doubles the window per extra failure', async () => {
    const ip = '10.0.0.4';
    for (let i = 0; i < 3; i++) expect((await attempt(a.emails.manager, 'wrong', ip)).status).toBe(401);
    // Guesses while locked out are refused (429) and not counted; the first one after the window is.
    let res = await attempt(a.emails.manager, 'wrong', ip);
    while (res.status === 429) {
      await new Promise((r) => setTimeout(r, 50));
      res = await attempt(a.emails.manager, 'wrong', ip);
    }
    expect(res.status).toBe(401);
    // Two failures past the allowance: 2 x BASE_MS.
    const waited = await msUntilAccepted(a.emails.manager, ip);
    expect(waited).toBeGreaterThanOrEqual(2 * BASE_MS - 150);
  });

  it('locks out an address that guesses across many accounts, and only that address', async () => {
    const ip = '10.0.0.2';
    const victims = [a.emails.owner, a.emails.admin, a.emails.viewer, 'x1@example.test', 'x2@example.test', 'x3@example.test', 'x4@example.test'];
    for (const email of victims) expect((await attempt(email, 'wrong', ip)).status).toBe(401);
    const lockedAt = Date.now();
    const fromThere = await attempt(a.emails.owner, PASSWORD, ip);
    expect(fromThere.status).toBe(429);
    const elsewhere = await attempt(a.emails.owner, PASSWORD, '10.0.0.3');
    expect(elsewhere.status).toBe(200);
    // The sign-in from elsewhere runs scrypt (slow under load) while this address's window runs.
    expect(await msUntilAccepted(a.emails.owner, ip, lockedAt)).toBeGreaterThanOrEqual(BASE_MS - 100);
  });
});
