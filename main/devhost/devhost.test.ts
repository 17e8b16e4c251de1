import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { ChannelFailure, type ChannelDef } from '../ipc/channel.ts';
import type { CoreEvent, EventListener } from '../ipc/events.ts';
import { DEVHOST_HEADER, startDevHost, type RunningDevHost } from './devhost.ts';

interface Ctx {
  greeting: string;
}
const channels: Record<string, ChannelDef<z.ZodType, z.ZodType, Ctx>> = {
  'greet': {
    input: z.object({ name: z.string().min(1) }),
    output: z.object({ text: z.string() }),
    handler: (input: { name: string }, ctx: Ctx) => ({ text: `${ctx.greeting}, ${input.name}` }),
  },
  'refuse': {
    input: z.undefined(),
    output: z.null(),
    handler: () => {
      throw new ChannelFailure('offline', 'the server cannot be reached');
    },
  },
} as never;

const listeners = new Set<EventListener>();
let host: RunningDevHost;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(tmpdir(), 'devhost-static-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Pantry</title>');
  host = await startDevHost({
    channels,
    ctx: { greeting: 'Hello' },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    staticDir,
  });
});
afterAll(async () => {
  await host.close();
});

function call(name: string, body: string, headers: Record<string, string> = { [DEVHOST_HEADER]: '1' }) {
  return fetch(`${host.url}/api/channel/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('dev host', () => {
  it('answers a channel call with the ok envelope', async () => {
    const res = await call('greet', JSON.stringify({ name: 'Dana' }));
    expect(await res.json()).toEqual({ ok: true, value: { text: 'Hello, Dana' } });
  });

  it('names the field of invalid input', async () => {
    const res = await call('greet', JSON.stringify({ name: '' }));
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'name' }] } });
  });

  it('passes expected failures through with their code', async () => {
    expect(await (await call('refuse', '')).json()).toEqual({
      ok: false,
      error: { code: 'offline', message: 'the server cannot be reached' },
    });
  });

  it('refuses unknown channels, malformed JSON and calls without the devhost header', async () => {
    expect(await (await call('nope', '{}')).json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const bad = await call('greet', '{oops');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const forged = await call('greet', JSON.stringify({ name: 'x' }), {});
    expect(forged.status).toBe(403);
  });

  it('serves the renderer with a strict content security policy and falls back to index.html', async () => {
    const res = await fetch(`${host.url}/contacts/123`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Pantry</title>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('pushes core events over the WebSocket', async () => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/api/events`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const received = new Promise<CoreEvent>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    for (const l of listeners) l({ type: 'changed', tables: ['contacts'] });
    expect(await received).toEqual({ type: 'changed', tables: ['contacts'] });
    ws.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/api/events`, { headers: { origin: 'http://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
