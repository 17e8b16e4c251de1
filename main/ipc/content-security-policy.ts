/**
 * The renderer's Content-Security-Policy, one string for every way the page is
 * loaded: the dev host sends it as a header, and the renderer build writes it
 * into index.html as a meta tag, which is what applies in Electron (the window
 * loads from file://, where no response headers exist to carry it).
 *
 * Nothing but our own files and our own API: no inline scripts, no eval, no
 * plugins, no <base>. `ws:`/`wss:` are for the dev host's event socket.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'";

/**
 * The header form adds frame-ancestors, which only a header can carry: Chromium
 * ignores it in a meta tag and logs a console error for trying.
 */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
