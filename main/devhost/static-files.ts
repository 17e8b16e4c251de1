/**
 * The built renderer, served as the single page app it is: a path that is not a
 * file falls back to index.html (client-side routes). Never outside the
 * directory, never a crash when a file is missing or unreadable.
 */
import { open, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SECURITY_POLICY_HEADER } from '../ipc/content-security-policy.ts';
import { Refusal, sendRefusal } from './http-answers.ts';
import { decodePathPart } from './request-path.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file a URL path names inside staticDir, or null when it would leave it. */
function fileInside(staticDir: string, rawPath: string): string | null {
  const file = path.join(staticDir, path.normalize(decodePathPart(rawPath)));
  const relative = path.relative(staticDir, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? null : file;
}

async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ?? false;
}

export async function serveStatic(staticDir: string, rawPath: string, res: ServerResponse): Promise<void> {
  const named = fileInside(staticDir, rawPath);
  if (!named) return sendRefusal(res, new Refusal(404, { code: 'not_found', message: 'not found', field: 'path' }));
  const file = (await isFile(named)) ? named : path.join(staticDir, 'index.html');
  // Opened before the headers go out, so a missing or unreadable file is still a clean answer.
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) {
    return sendRefusal(res, new Refusal(404, { code: 'not_found', message: 'the renderer is not built here: run `npm run build:renderer`', field: 'path' }));
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    // The policy Electron's window gets from index.html's meta tag, plus what only a header can say.
    'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  });
  // A read error or a client that leaves mid-file ends this response only.
  await pipeline(handle.createReadStream(), res).catch(() => res.destroy());
}
