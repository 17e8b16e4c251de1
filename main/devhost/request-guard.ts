/**
 * Which requests may reach the dev host at all, before any route runs.
 *
 * The `x-pantry-devhost` header keeps other origins' scripts out only while the
 * browser believes the request is cross-origin. DNS rebinding defeats that: a
 * page on evil.example re-points its own name at 127.0.0.1, and its requests
 * become same-origin for the browser. What rebinding cannot forge is the name
 * the browser puts in Host (and Origin): so only our own loopback names with
 * our own port are accepted, for the API, the static files and the WebSocket.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Refusal } from './http-answers.ts';

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

function authority(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The Host values this server answers to: `localhost` and the loopback address
 * it listens on (both loopback addresses when bound to every interface, which
 * the dev host never is by default), with its port. IP literals cannot be
 * rebound, so the bound address itself is always accepted.
 */
export function allowedAuthorities(boundAddress: string, port: number): Set<string> {
  const addresses = UNSPECIFIED.has(boundAddress) ? ['127.0.0.1', '::1'] : [boundAddress];
  const names = ['localhost', ...addresses];
  const out = new Set(names.map((n) => authority(n, port).toLowerCase()));
  // Browsers leave out the default port.
  if (port === 80) for (const n of names) out.add((isIP(n) === 6 ? `[${n}]` : n).toLowerCase());
  return out;
}

/**
 * Refuses a request whose Host is not ours (421: the name is not served here)
 * or whose Origin, when a browser sent one, is not the page's own (403).
 * `Origin: null` (sandboxed frames, file:// pages) is foreign too. No Origin at
 * all is a non-browser client, which still needs the API header to call channels.
 */
export function checkHostAndOrigin(req: { headers: IncomingHttpHeaders; rawHeaders: string[] }, allowed: ReadonlySet<string>): Refusal | null {
  const { headers } = req;
  // Node keeps only the first of repeated Host or Origin lines; a proxy might read the last. Browsers send one.
  for (const name of ['host', 'origin']) {
    if (req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length > 1) {
      return new Refusal(400, { code: 'duplicate_header', message: `the ${name} header appears more than once`, field: name });
    }
  }
  const host = typeof headers.host === 'string' ? headers.host.toLowerCase() : '';
  if (!allowed.has(host)) {
    return new Refusal(421, {
      code: 'wrong_host',
      message: host ? `this dev host does not answer to the name ${JSON.stringify(host).slice(0, 200)}: open it at its loopback address` : 'the Host header is missing',
      field: 'host',
    });
  }
  const origin = headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return new Refusal(403, {
      code: 'forbidden_origin',
      message: `requests from ${JSON.stringify(origin).slice(0, 200)} are not allowed: only the dev host's own page may call it`,
      field: 'origin',
    });
  }
  return null;
}
