/**
 * POST /v1/auth/login under bad input: text PostgreSQL cannot store (NUL, a
 * lone UTF-16 surrogate) in any field is a 400 naming the field, never a 500;
 * and a property test throws random and mutated JSON at the route: every
 * answer is a 4xx (or a sign-in) in the error shape, none hangs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpError } from '../../schema/mutations.ts';
import { createLoginTenant, newDevice, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
beforeAll(async () => {
  // Generous allowances: this is about input, the throttle has its own tests.
  t = await startTestServer({ loginFreeAttempts: 100_000, loginFreeAttemptsPerAddress: 100_000 });
  a = await createLoginTenant(t.db.pool, 'alpha');
});
afterAll(async () => {
  await t.close();
});

/** A raw POST bounded in time: a hang fails the test instead of stalling it. */
async function post(rawBody: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: rawBody,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text: the assertions below say it should have been JSON
  }
  return { status: res.status, body };
}

const validBody = () => ({ email: a.emails.rep, password: PASSWORD, device: { ...newDevice('Field laptop') } });

describe('text a database cannot store', () => {
  const cases: [string, (b: ReturnType<typeof validBody>) => object][] = [
    ['device.name', (b) => ({ ...b, device: { ...b.device, name: 'Lap\u0000top' } })],
    ['device.app_version', (b) => ({ ...b, device: { ...b.device, app_version: '1.0\u0000' } })],
    ['device.name', (b) => ({ ...b, device: { ...b.device, name: 'Lap\uD800top' } })],
    ['device.app_version', (b) => ({ ...b, device: { ...b.device, app_version: '\uDC001.0' } })],
    ['email', (b) => ({ ...b, email: `${b.email}\u0000` })],
    ['email', (b) => ({ ...b, email: `x\uD83D@example.test` })],
    ['password', (b) => ({ ...b, password: `${PASSWORD}\u0000` })],
    ['password', (b) => ({ ...b, password: `${PASSWORD}\uD800` })],
    ['new_password', (b) => ({ ...b, new_password: 'a new pass\u0000word' })],
    ['invitation_code', (b) => ({ ...b, invitation_code: 'AAAA-\uDFFF' })],
  ];
  it.each(cases)('%s is a 400 naming the field', async (field, mutate) => {
    const res = await post(JSON.stringify(mutate(validBody())));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', field } });
  });

  it('still signs in with the same body minus the bad character', async () => {
    expect((await post(JSON.stringify(validBody()))).status).toBe(200);
  });
});

/** Any JSON value, biased towards strings a database or a parser trips on. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\uD800', '\uDFFF', 'a\u0000b', '\uFEFF', '../../etc', "' OR 1=1 --", 'x'.repeat(5000), ''),
);
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid sign-in with one field (possibly nested) replaced, removed or added. */
const mutatedBody = fc
  .record({
    path: fc.constantFrom('email', 'password', 'new_password', 'workspace_id', 'invitation_code', 'device', 'device.id', 'device.name',
      'device.platform', 'device.app_version', '__proto__', 'constructor', 'extra'),
    value: fc.oneof(anyJson, fc.constant(undefined)),
  })
  .map(({ path, value }) => {
    const body = validBody() as Record<string, unknown>;
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (leaf) (body.device as Record<string, unknown>)[leaf] = value;
    else body[head] = value;
    return JSON.stringify(body);
  });

const rawText = fc.oneof(fc.string(), fc.constantFrom('{', '[]', '{"email":', 'null', '{"device":{"id":null}}', '"\\ud800"'));

describe('POST /v1/auth/login never answers 500', () => {
  it('to random JSON, mutated sign-ins and broken text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson.map((v) => JSON.stringify(v) ?? 'null'), mutatedBody, rawText), async (raw) => {
        const res = await post(raw);
        expect(res.status, `${raw.slice(0, 200)} -> ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(httpError.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
