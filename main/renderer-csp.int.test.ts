/**
 * One Content-Security-Policy for every way the renderer is loaded. Electron
 * loads index.html from file://, where only a meta tag can carry it; the dev
 * host also sends it as a header. Checked on a real renderer build (into a
 * temporary folder, not dist/) served by the real dev host.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type RunningDevHost } from './devhost/devhost.ts';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from './ipc/content-security-policy.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
let outDir: string;
let html: string;
let host: RunningDevHost;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'pantry-renderer-csp-'));
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts',
    '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT });
  html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  host = await startDevHost({ channels: {}, ctx: {}, subscribe: () => () => {}, staticDir: outDir, port: 0 });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** The content of every CSP meta tag in the page. */
function cspMetas(page: string): string[] {
  return [...page.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]!);
}

describe("the renderer's Content-Security-Policy", () => {
  it('is in the built index.html as its one meta tag, exactly the shared policy', () => {
    expect(cspMetas(html)).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('is what the dev host sends as its header, plus frame-ancestors (which a meta tag cannot carry)', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(cspMetas(await res.text())).toEqual([CONTENT_SECURITY_POLICY]);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });

  it('lets the build through: no inline script, which script-src would block', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs, 'every script is a file').toMatch(/\ssrc="\.\/assets\//);
      expect(body!.trim()).toBe('');
    }
  });
});
