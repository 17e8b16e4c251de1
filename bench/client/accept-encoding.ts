/**
 * Chooses the Accept-Encoding of every request this process makes with
 * Node's global fetch (the desktop core's sync client and server calls use
 * it, looked up at each call). The core has no setting for it, and Node's
 * fetch asks for compression by default; the shaped-link phase wraps fetch
 * here, in the bench's process, to measure the same sync without it.
 */
export function forceAcceptEncoding(value: string): void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('accept-encoding', value);
    return original(input, { ...init, headers });
  };
}
