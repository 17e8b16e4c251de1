/**
 * Plain HTTP against the bench's sync server, for the phases that measure the
 * wire itself (no desktop core in between): sign-in as a new device, and a
 * request whose body bytes are counted on the socket before any decoding.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { z } from 'zod';

const loginAnswer = z.object({ token: z.string().min(1) });

/** Signs in as a new device; returns the bearer token. */
export async function signInOverHttp(
  serverUrl: string,
  email: string,
  password: string,
  deviceName: string,
): Promise<string> {
  const res = await fetch(`${serverUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password,
      device: { id: randomUUID(), name: deviceName, platform: 'linux', app_version: 'bench' },
    }),
  });
  const body: unknown = await res.json();
  if (res.status !== 200)
    throw new Error(`bench sign-in of ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return loginAnswer.parse(body).token;
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes as received (chunked framing removed, content-encoding not undone). */
  wireBytes: number;
}

/** GET with the given headers; the body is counted and dropped. */
export function countedGet(url: string, headers: Record<string, string>): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers });
    req.on('error', reject);
    req.on('response', (res) => {
      let wireBytes = 0;
      res.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes }),
      );
    });
    req.end();
  });
}
