/**
 * A STAND-IN PEER for tests of the proxy backend and the shape route, NOT the
 * product's shape engine (that is sync/server/shape-engine/) and not Electric: a
 * plain HTTP server on loopback that answers the trivial cases the way
 * Electric's HTTP API does, so that forwarding, header copying, rewriting,
 * aborts and must-refetch can be observed from the other side of the wire.
 *   - the handle is derived from the shape definition (table, where, params, columns),
 *     so a different definition is a different shape with a different handle;
 *   - offset=-1                  -> 200, [] and electric-handle/offset/schema headers;
 *   - a handle of another shape  -> 409 must-refetch naming the current handle;
 *   - live=true on the current handle -> held open until the client goes away
 *     (a slow long poll), unless `answerLiveAfterMs` is set;
 *   - a wrong `secret`           -> 401, as Electric does.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SeenRequest {
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Resolves when the connection of this request closes (answered or aborted). */
  closed: Promise<{ answered: boolean }>;
}

export interface ElectricStandIn {
  url: string;
  secret: string;
  seen: SeenRequest[];
  handleFor(params: URLSearchParams): string;
  close(): Promise<void>;
}

export async function startElectricStandIn(secret = 'stand-in-secret', answerLiveAfterMs?: number): Promise<ElectricStandIn> {
  const seen: SeenRequest[] = [];
  const handleFor = (p: URLSearchParams) => {
    const identity = ['table', 'where', 'params[1]', 'params[2]', 'columns'].map((k) => p.get(k) ?? '').join('\n');
    return `${createHash('sha256').update(identity).digest('hex').slice(0, 12)}-1700000000000000`;
  };
  const server: Server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    let answered = false;
    const closed = new Promise<{ answered: boolean }>((resolve) => res.on('close', () => resolve({ answered })));
    seen.push({ params, headers: req.headers, closed });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      answered = true;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (params.get('secret') !== secret) return json(401, { message: 'Unauthorized - Invalid API secret' });
    const current = handleFor(params);
    const handle = params.get('handle');
    if (handle && handle !== current) {
      return json(409, [{ headers: { control: 'must-refetch' } }], { 'electric-handle': current, 'cache-control': 'public, max-age=60, must-revalidate' });
    }
    const common = {
      'electric-handle': current,
      'electric-schema': JSON.stringify({ id: { type: 'uuid', pk_index: 0, not_null: true } }),
      'x-stand-in-internal': 'must not reach clients',
    };
    if (params.get('live') === 'true') {
      if (answerLiveAfterMs === undefined) return; // hold until the caller aborts
      setTimeout(() => json(200, [{ headers: { control: 'up-to-date', global_last_seen_lsn: '7' } }], {
        ...common, 'electric-offset': params.get('offset') ?? '0_inf', 'electric-cursor': '1', 'electric-up-to-date': '',
        'cache-control': 'public, max-age=5, stale-while-revalidate=5',
      }), answerLiveAfterMs);
      return;
    }
    if (req.headers['if-none-match'] === `"${current}:-1:0_0"`) {
      answered = true;
      res.writeHead(304, { ...common, 'electric-offset': '0_0', etag: `"${current}:-1:0_0"` });
      return res.end();
    }
    return json(200, [], {
      ...common,
      'electric-offset': '0_0',
      etag: `"${current}:-1:0_0"`,
      'cache-control': 'public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    seen,
    handleFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
