/**
 * The shaped link over real loopback sockets: a small message pays the round
 * trip and no more than a little on top, a large one is held to the rate, and
 * two connections share one line (they split the rate). Lower bounds are the
 * physics of the link; the upper bounds are loose, for a loaded machine.
 */
import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startShapedProxy, type ShapedProxy } from './shaped-proxy.ts';

const SHAPE = { bitsPerSecond: 20_000_000, delayMs: 20, bufferBytes: 256 * 1024 };
let upstream: Server;
let proxy: ShapedProxy;

beforeAll(async () => {
  // Answers each request line `N` with N bytes.
  upstream = createServer((s) => {
    s.on('data', (d) => s.write(Buffer.alloc(Number(d.toString().trim()), 120)));
    s.on('error', () => {});
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const { port } = upstream.address() as { port: number };
  proxy = await startShapedProxy(`http://127.0.0.1:${port}`, SHAPE);
});
afterAll(async () => {
  await proxy.close();
  upstream.close();
});

/** Asks for `bytes` through the proxy; resolves with the milliseconds until all arrived. */
async function fetchBytes(bytes: number): Promise<number> {
  const { port } = new URL(proxy.url);
  const s = connect({ host: '127.0.0.1', port: Number(port) });
  await once(s, 'connect');
  const t0 = performance.now();
  let got = 0;
  const done = new Promise<number>((resolve) => s.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= bytes) resolve(performance.now() - t0);
  }));
  s.write(`${bytes}\n`);
  const ms = await done;
  s.destroy();
  return ms;
}

it('a small request pays the 40 ms round trip', async () => {
  const ms = await fetchBytes(100);
  expect(ms).toBeGreaterThanOrEqual(38) // each direction may deliver up to 1 ms early (timer granularity);
  expect(ms).toBeLessThan(400);
});

it('a large answer is held to 20 Mbit/s, and two at once share the line', async () => {
  const size = 2 * 1024 * 1024;
  const lineMs = (size * 8 * 1000) / SHAPE.bitsPerSecond; // 839 ms
  const one = await fetchBytes(size);
  expect(one).toBeGreaterThanOrEqual(lineMs);
  expect(one).toBeLessThan(lineMs * 4);
  const before = proxy.bytes().down;
  const both = await Promise.all([fetchBytes(size), fetchBytes(size)]);
  expect(Math.max(...both)).toBeGreaterThanOrEqual(2 * lineMs);
  expect(proxy.bytes().down - before).toBe(2 * size);
});
