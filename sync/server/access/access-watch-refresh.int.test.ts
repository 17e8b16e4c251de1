/**
 * The access watch's periodic recheck also refreshes the live-session cache
 * (access-watch.ts): every session it has just read from PostgreSQL for a
 * tracked long poll is what that client's next poll would otherwise read
 * again. A revoked device is neither kept nor refreshed. Real PostgreSQL,
 * real LISTEN/NOTIFY, a real signed-in device.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearerTokenHash, findSessions } from '../auth/sessions.ts';
import { createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';
import { AccessWatch } from './access-watch.ts';

let t: TestServer;
let a: LoginTenant;
let watch: AccessWatch;
beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  // A watch of our own, so the test decides when its recheck runs (the interval is far away).
  watch = new AccessWatch(t.db.pool, t.db.url, 60_000, () => {});
  await watch.start();
});
afterAll(async () => {
  await watch.close();
  await t.close();
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("a recheck caches the sessions of the polls it tracks, and a revoked device's is dropped, not refreshed", async () => {
  const rep = await login(t.url, a.emails.rep);
  const hash = bearerTokenHash(`Bearer ${rep.token}`);
  const hex = hash.toString('hex');
  const session = (await findSessions(t.db.pool, [hash])).get(hex)!;
  expect(session.deviceId).toBe(rep.deviceId);

  const tracked = watch.track(session);
  expect(watch.liveSessions.get(hex)).toBeUndefined();
  await watch.recheck();
  expect(watch.liveSessions.get(hex)?.session.deviceId).toBe(rep.deviceId);

  await t.db.pool.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [rep.deviceId]);
  await until(() => tracked.reason() === 'revoked');
  expect(watch.liveSessions.get(hex)).toBeUndefined();
  // A recheck while nothing is tracked any more caches nothing either.
  tracked.release();
  await watch.recheck();
  expect(watch.liveSessions.get(hex)).toBeUndefined();
});
