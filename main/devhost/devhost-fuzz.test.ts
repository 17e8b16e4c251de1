/**
 * Property-based: random and mutated JSON at every channel of the real channel
 * table (main/ipc/channels.ts), served by the dev host over loopback HTTP from
 * a real desktop core on a temporary data directory; then malformed paths,
 * bodies and headers. Whatever arrives, the dev host answers promptly, never
 * with a 5xx, and every answer is either the channel's valid answer (its
 * output schema), an expected failure, or a 4xx with the error envelope.
 * Network channels point at a loopback port nobody listens on (127.0.0.1:1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openRuntime, type CoreRuntime } from '../core/runtime/runtime.ts';
import { CHANNELS, type ChannelContext } from '../ipc/channels.ts';
import { DEVHOST_HEADER, startDevHost, type RunningDevHost } from './devhost.ts';
import { httpText, rawRequest } from './testing/raw-http.ts';
import { mutatedInput, type ValuePools } from './testing/zod-arbitrary.ts';

/** Per channel: enough to reach past validation into most handlers, small enough to stay well under a minute in all. */
const RUNS_PER_CHANNEL = 25;
const REQUEST_TIMEOUT_MS = 10_000;

const issue = z.strictObject({ path: z.string(), message: z.string() });
/** A refusal: the transport's (field) or a channel's (issues), always with a stable code and a message. */
const errorEnvelope = z.strictObject({
  ok: z.literal(false),
  error: z.strictObject({ code: z.string().min(1), message: z.string().min(1), field: z.string().optional(), issues: z.array(issue).optional(), details: z.record(z.string(), z.json()).optional() }),
});
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

let dataDir: string;
let runtime: CoreRuntime;
let host: RunningDevHost;
let port: number;
const ids: string[] = [];
const pools: ValuePools = { ids, serverUrl: 'http://127.0.0.1:1' };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'devhost-fuzz-'));
  runtime = await openRuntime({ dataDir });
  host = await startDevHost<ChannelContext>({ channels: { ...CHANNELS }, ctx: { runtime }, subscribe: () => () => {} });
  port = Number(new URL(host.url).port);
  ids.push(runtime.account.workspace_id, runtime.account.user_id, runtime.deviceId);
});
afterAll(async () => {
  await host?.close();
  runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function post(name: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${host.url}/api/channel/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [DEVHOST_HEADER]: '1' },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: res.status, text: await res.text() };
}

/** Fails unless the answer is a valid one for this channel or a 4xx refusal with the envelope. */
function checkAnswer(name: string, sent: string, status: number, text: string): void {
  const where = `${name} <- ${sent.slice(0, 300)}\n-> ${status} ${text.slice(0, 500)}`;
  expect(status >= 200 && status < 500, where).toBe(true);
  const body: unknown = JSON.parse(text);
  if (status >= 400) {
    expect(errorEnvelope.safeParse(body).success, where).toBe(true);
    return;
  }
  const answer = z.union([z.strictObject({ ok: z.literal(true), value: z.unknown() }), errorEnvelope]).safeParse(body);
  expect(answer.success, where).toBe(true);
  if (!answer.success) return;
  if (answer.data.ok) {
    expect(CHANNELS[name]!.output.safeParse(answer.data.value).success, where).toBe(true);
    // Records the fuzzing created become ids later inputs point at.
    for (const id of JSON.stringify(answer.data.value).match(UUID) ?? []) if (ids.length < 200 && !ids.includes(id)) ids.push(id);
  } else {
    expect(answer.data.error.code, where).not.toBe('internal');
  }
}

// Creating first gives later updates, deletes, merges and queries real records to hit.
const creates = (n: string) => n.endsWith('.create') || n === 'interactions.log' || n === 'opportunities.add_product';
const CHANNEL_ORDER = [...Object.keys(CHANNELS).filter(creates), ...Object.keys(CHANNELS).filter((n) => !creates(n))];

describe('dev host, fuzzed', () => {
  it.each(CHANNEL_ORDER)('%s: random and mutated JSON never gets a 5xx or an invalid answer', async (name) => {
    const def = CHANNELS[name]!;
    await fc.assert(
      fc.asyncProperty(mutatedInput(def.input, pools), async (input) => {
        const sent = input === undefined ? '' : JSON.stringify(input);
        const { status, text } = await post(name, sent);
        checkAnswer(name, sent, status, text);
      }),
      { numRuns: RUNS_PER_CHANNEL },
    );
  });

  it('answers sign-in promptly with a clear failure when no server listens at the address', async () => {
    const started = Date.now();
    const sent = JSON.stringify({ server_url: pools.serverUrl, email: 'rep@acme.test', password: 'secret password' });
    const { status, text } = await post('session.sign_in', sent);
    checkAnswer('session.sign_in', sent, status, text);
    expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: expect.not.stringMatching(/^(internal|invalid_input)$/) } });
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('malformed bodies are a 4xx or an answer, never a 5xx', async () => {
    const odd = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom('{', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '[]', '1e999', '"\\ud800"', '[' .repeat(5000) + ']'.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_ORDER), odd, async (name, body) => {
        const { status, text } = await post(name, body);
        checkAnswer(name, body, status, text);
      }),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('malformed paths and headers are refused with the envelope, and the dev host keeps answering', async () => {
    const pathChar = fc.constantFrom(...'abcXYZ019._-~/%%%%E0A4F'.split(''));
    const rawPath = fc.array(pathChar, { maxLength: 30 }).map((cs) => cs.join(''));
    const headerValue = fc.string({ maxLength: 40, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    const own = `127.0.0.1:${port}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'DELETE'),
        fc.constantFrom('/api/channel/', '/', '/api/', '/api/events/'),
        rawPath,
        fc.option(headerValue.map((h) => h.trim() || 'x'), { nil: undefined }),
        fc.option(fc.oneof(headerValue, fc.constantFrom('null', `http://${own}`)), { nil: undefined }),
        async (method, prefix, tail, hostHeader, origin) => {
          const headers: Record<string, string> = { Host: hostHeader ?? own, [DEVHOST_HEADER]: '1' };
          if (origin !== undefined && origin.trim()) headers.Origin = origin.trim();
          const target = `${prefix}${tail}`;
          const answer = await rawRequest(port, httpText(method, target, headers, method === 'POST' ? '{}' : ''), REQUEST_TIMEOUT_MS);
          const where = `${method} ${target} ${JSON.stringify(headers)} -> ${answer.status} ${answer.body.slice(0, 300)}`;
          expect(answer.status >= 200 && answer.status < 500, where).toBe(true);
          if (answer.status >= 400) expect(errorEnvelope.safeParse(JSON.parse(answer.body)).success, where).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    const health = await fetch(`${host.url}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(health.status).toBe(200);
  });
});
