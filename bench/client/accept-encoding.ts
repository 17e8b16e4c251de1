/**
 * Chooses the Accept-Encoding of every request this process makes: those
 * with Node's global fetch (the desktop core's live shape requests and server
 * calls use it, looked up at each call) and a snapshot's reads through
 * bulkFetch (its own setting). The core has no option for it, and both ask
 * for compression by default; the shaped-link phase sets it here, in the
 * bench's process, to measure the same sync without it.
 */
import { bulkFetchSettings } from '../../sync/client/server-link/bulk-fetch.ts';

export function forceAcceptEncoding(value: string): void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('accept-encoding', value);
    return original(input, { ...init, headers });
  };
  bulkFetchSettings.acceptEncoding = value;
}
