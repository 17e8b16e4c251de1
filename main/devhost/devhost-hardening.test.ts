/**
 * The dev host against hostile pages and broken clients (issue "Hardening"):
 * DNS rebinding (a foreign Host or Origin), `Origin: null`, prototype names as
 * channels, malformed `%` escapes, and odd or interrupted WebSocket upgrades.
 * Refusals are 4xx with the `{ ok: false, error: { code, message, field? } }`
 * envelope; the crash cases run against `npm run web`'s real process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import type { ChannelDef } from '../ipc/channel.ts';
import { DEVHOST_HEADER, startDevHost, type RunningDevHost } from './devhost.ts';
import { startDevHostProcess, type DevHostProcess } from './testing/devhost-process.ts';
import { httpText, rawRequest, upgradeHeaders, type RawAnswer } from './testing/raw-http.ts';

const refusal = z.strictObject({
  ok: z.literal(false),
  error: z.strictObject({ code: z.string().min(1), message: z.string().min(1), field: z.string().optional() }),
});

/** A 4xx with the envelope and this code and field. */
function expectRefused(answer: RawAnswer, status: number, code: string, field?: string) {
  expect(answer.status, answer.body).toBe(status);
  const body = refusal.parse(JSON.parse(answer.body));
  expect(body.error.code).toBe(code);
  if (field) expect(body.error.field).toBe(field);
}

let calls = 0;
const channels = {
  'whoami': {
    input: z.undefined(),
    output: z.object({ email: z.string() }),
    handler: () => {
      calls++;
      return { email: 'owner@acme.test' };
    },
  },
} as unknown as Record<string, ChannelDef<z.ZodType, z.ZodType, null>>;

let host: RunningDevHost;
let port: number;
let ownHost: string;

beforeAll(async () => {
  const staticDir = await mkdtemp(path.join(tmpdir(), 'devhost-hardening-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Pantry</title>');
  host = await startDevHost({ channels, ctx: null, subscribe: () => () => {}, staticDir });
  port = Number(new URL(host.url).port);
  ownHost = `127.0.0.1:${port}`;
});
afterAll(async () => {
  await host.close();
});

const api = (headers: Record<string, string>, target = '/api/channel/whoami') =>
  rawRequest(port, httpText('POST', target, { [DEVHOST_HEADER]: '1', ...headers }));

/** Opens a WebSocket with these headers: 'open', or the refusal's status. */
function openSocket(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, { headers, handshakeTimeout: 5_000 });
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('DNS rebinding: only our own names and origin', () => {
  it('refuses an API call under a foreign Host, and runs no channel', async () => {
    calls = 0;
    expectRefused(await api({ Host: `evil.example:${port}` }), 421, 'wrong_host', 'host');
    expectRefused(await api({ Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` }), 421, 'wrong_host', 'host');
    expectRefused(await api({ Host: `127.0.0.1:${port + 1}` }), 421, 'wrong_host', 'host');
    const twice = `POST /api/channel/whoami HTTP/1.1\r\nHost: ${ownHost}\r\nHost: evil.example:${port}\r\n${DEVHOST_HEADER}: 1\r\nConnection: close\r\n\r\n`;
    expectRefused(await rawRequest(port, twice), 400, 'duplicate_header', 'host');
    // HTTP/1.0 may leave Host out (Node itself answers 400 to an HTTP/1.1 request without one).
    expectRefused(await rawRequest(port, `POST /api/channel/whoami HTTP/1.0\r\n${DEVHOST_HEADER}: 1\r\n\r\n`), 421, 'wrong_host', 'host');
    expect((await rawRequest(port, `POST /api/channel/whoami HTTP/1.1\r\n${DEVHOST_HEADER}: 1\r\nConnection: close\r\n\r\n`)).status).toBe(400);
    expect(calls).toBe(0);
  });

  it('answers under 127.0.0.1 and localhost with its port, with or without its own Origin', async () => {
    for (const h of [ownHost, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const answer = await api({ Host: h });
      expect(answer.status, h).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { email: 'owner@acme.test' } });
    }
    expect((await api({ Host: ownHost, Origin: `http://${ownHost}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, Origin: null and another loopback name as Origin', async () => {
    calls = 0;
    for (const origin of ['null', `http://evil.example:${port}`, `http://localhost:${port}`, `https://${ownHost}`, 'http://[']) {
      expectRefused(await api({ Host: ownHost, Origin: origin }), 403, 'forbidden_origin', 'origin');
    }
    expect(calls).toBe(0);
  });

  it('does not serve the renderer under a foreign name', async () => {
    const answer = await rawRequest(port, httpText('GET', '/', { Host: `evil.example:${port}` }));
    expectRefused(answer, 421, 'wrong_host', 'host');
    expect(answer.body).not.toContain('Pantry');
    const own = await rawRequest(port, httpText('GET', '/', { Host: ownHost }));
    expect(own.status).toBe(200);
    expect(own.body).toContain('<title>Pantry</title>');
  });

  it('refuses the events WebSocket under a foreign Host or Origin, and opens it for our own page', async () => {
    expect(await openSocket({ Host: `evil.example:${port}` })).toBe(421);
    expect(await openSocket({ Origin: `http://evil.example:${port}` })).toBe(403);
    expect(await openSocket({ Origin: 'null' })).toBe(403);
    expect(await openSocket({ Origin: `http://${ownHost}` })).toBe('open');
    expect(await openSocket({})).toBe('open');
  });
});

describe('channel names and paths', () => {
  it('answers 404 unknown_channel for names found only on Object.prototype', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expectRefused(await api({ Host: ownHost }, `/api/channel/${name}`), 404, 'unknown_channel', 'channel');
    }
  });

  it('answers 400 bad_path for malformed % escapes in channel and static paths', async () => {
    expectRefused(await api({ Host: ownHost }, '/api/channel/%E0%A4%A'), 400, 'bad_path', 'path');
    expectRefused(await api({ Host: ownHost }, '/api/channel/%'), 400, 'bad_path', 'path');
    expectRefused(await api({ Host: ownHost }, '/api/channel/who%00ami'), 400, 'bad_path', 'path');
    for (const target of ['/%', '/%E0%A4%A', '/assets/%zz.js', '/%00']) {
      expectRefused(await rawRequest(port, httpText('GET', target, { Host: ownHost })), 400, 'bad_path', 'path');
    }
  });

  it('keeps static paths inside the renderer directory', async () => {
    for (const target of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const answer = await rawRequest(port, httpText('GET', target, { Host: ownHost }));
      expect(answer.body, target).not.toContain('root:');
    }
  });

  it('answers 404 when the renderer is not built, instead of failing mid-stream', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'devhost-unbuilt-'));
    const bare = await startDevHost({ channels, ctx: null, subscribe: () => () => {}, staticDir: empty });
    try {
      const barePort = Number(new URL(bare.url).port);
      const answer = await rawRequest(barePort, httpText('GET', '/', { Host: `127.0.0.1:${barePort}` }));
      expectRefused(answer, 404, 'not_found');
      expect((await rawRequest(barePort, httpText('GET', '/api/health', { Host: `127.0.0.1:${barePort}` }))).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

/** Resolves on the event, rejects on a socket error or after the timeout: no wait here is unbounded. */
function socketEvent(socket: Socket, event: 'connect' | 'data', timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('npm run web never crashes on a request', () => {
  let proc: DevHostProcess;
  let own: string;
  beforeAll(async () => {
    proc = await startDevHostProcess();
    own = `127.0.0.1:${proc.port}`;
  });
  afterAll(async () => {
    await proc?.stop();
  });

  async function expectAlive() {
    expect(await proc.answers(), proc.output()).toBe(true);
  }

  it('refuses a WebSocket with Origin: null and keeps running', async () => {
    const answer = await rawRequest(proc.port, httpText('GET', '/api/events', upgradeHeaders({ Host: own, Origin: 'null' })));
    expectRefused(answer, 403, 'forbidden_origin', 'origin');
    await expectAlive();
  });

  it('survives odd and malformed upgrade requests', async () => {
    const odd: [string, string, Record<string, string>][] = [
      ['GET', '/api/events', upgradeHeaders({})], // no Host at all
      ['GET', '/api/events', upgradeHeaders({ Host: own, Origin: 'http://[' })],
      ['GET', '/api/events', upgradeHeaders({ Host: own, Origin: '%' })],
      ['GET', '/api/events', upgradeHeaders({ Host: own, Upgrade: 'h2c' })],
      ['GET', '/api/events', { Host: own, Connection: 'Upgrade', Upgrade: 'websocket' }], // no key, no version
      ['GET', '/api/events', upgradeHeaders({ Host: own, 'Sec-WebSocket-Version': '99' })],
      ['POST', '/api/events', upgradeHeaders({ Host: own })],
      ['GET', '/api/channel/whoami', upgradeHeaders({ Host: own })],
      ['GET', '/%E0%A4%A', upgradeHeaders({ Host: own })],
      ['GET', 'http://evil.example/api/events', upgradeHeaders({ Host: own })],
      ['GET', '*', upgradeHeaders({ Host: own })],
    ];
    for (const [method, target, headers] of odd) {
      const answer = await rawRequest(proc.port, httpText(method, target, headers));
      expect(answer.status === 0 || (answer.status >= 400 && answer.status < 500), `${method} ${target} ${JSON.stringify(headers)}: ${answer.status}`).toBe(true);
      await expectAlive();
    }
  });

  it('survives malformed header lines and request lines', async () => {
    const garbage = [
      `GET / HTTP/1.1\r\nHost: ${own}\r\nOrigin\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: ${own}\r\nOrigin: a\0b\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: ${own}\r\nHost: evil.example\r\n\r\n`,
      `GET /api/events HTTP/1.1\r\nHost: ${own}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \xff\xfe\r\n\r\n`,
      'GET / HTTP/1.0\r\n\r\n',
      'GARBAGE\r\n\r\n',
      `POST /api/channel/app.info HTTP/1.1\r\nHost: ${own}\r\n${DEVHOST_HEADER}: 1\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ];
    for (const text of garbage) {
      const answer = await rawRequest(proc.port, Buffer.from(text, 'latin1'));
      expect(answer.status === 0 || (answer.status >= 400 && answer.status < 500), `${JSON.stringify(text)}: ${answer.status}`).toBe(true);
      await expectAlive();
    }
  });

  it('survives a client that resets its socket during the upgrade', async () => {
    for (let i = 0; i < 20; i++) {
      const socket = connect(proc.port, '127.0.0.1');
      await socketEvent(socket, 'connect');
      // Half of them refused (foreign Origin), half accepted: both paths see the reset.
      const origin: Record<string, string> = i % 2 ? { Origin: 'null' } : {};
      socket.write(httpText('GET', '/api/events', upgradeHeaders({ Host: own, ...origin })));
      socket.resetAndDestroy();
    }
    await expectAlive();
  });

  it('survives garbage frames and oversized messages on an open events socket', async () => {
    const frames = [
      Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]), // unmasked client frame: a protocol error
      Buffer.from([0xf1, 0x80, 0, 0, 0, 0]), // reserved bits set
      Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // absurd length
    ];
    for (const frame of frames) {
      const socket = connect(proc.port, '127.0.0.1');
      const opened = socketEvent(socket, 'connect');
      socket.on('error', () => {});
      await opened;
      const switched = socketEvent(socket, 'data');
      socket.write(httpText('GET', '/api/events', upgradeHeaders({ Host: own })));
      await switched;
      socket.write(frame);
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        setTimeout(() => resolve(), 2_000);
      });
      socket.destroy();
      await expectAlive();
    }
    const ws = new WebSocket(`ws://${own}/api/events`, { handshakeTimeout: 5_000 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send('x'.repeat(64 * 1024));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000));
    expect(await Promise.race([closed, timeout])).toBe(1009);
    await expectAlive();
  });

  it('answers a GET for the renderer (built or not) and keeps running', async () => {
    const answer = await rawRequest(proc.port, httpText('GET', '/', { Host: own }));
    expect([200, 404]).toContain(answer.status);
    await expectAlive();
  });
});
