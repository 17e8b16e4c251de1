/**
 * Requests the way a hostile or broken client sends them: raw bytes on a TCP
 * socket (any Host, malformed headers, odd upgrades), each bounded by a
 * timeout so a hang is a failure, not a stuck test.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server closed the connection without an HTTP answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!match) return { status: 0, headers: {}, body: raw };
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = split === -1 ? '' : raw.slice(split + 4);
  const length = headers['content-length'];
  if (length !== undefined) body = Buffer.from(body).subarray(0, Number(length)).toString();
  else if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(match[1]), headers, body };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol === -1) return out;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

function complete(raw: string): boolean {
  const answer = parse(raw);
  if (!answer.status) return false;
  if (answer.headers['content-length'] !== undefined) return Buffer.byteLength(answer.body) >= Number(answer.headers['content-length']);
  if (answer.headers['transfer-encoding'] === 'chunked') return raw.endsWith('0\r\n\r\n');
  // 101 Switching Protocols: the head is the answer.
  return answer.status === 101 && raw.includes('\r\n\r\n');
}

/**
 * Sends `request` (bytes as given) and reads one answer: resolves at the end of
 * the first complete response or when the server closes; rejects on timeout.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    const done = (answer: RawAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1');
      if (complete(raw)) done(parse(raw));
    });
    socket.on('end', () => done(parse(raw)));
    socket.on('close', () => done(parse(raw)));
    socket.on('error', () => done(parse(raw)));
  });
}

/** An HTTP/1.1 request with exactly these header lines (nothing added). */
export function httpText(method: string, target: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'connection')) lines.push('Connection: close');
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The headers a WebSocket handshake needs, plus whatever the test adds. */
export function upgradeHeaders(extra: Record<string, string>): Record<string, string> {
  return { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...extra };
}
