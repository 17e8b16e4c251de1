/**
 * A loopback HTTP proxy between a SyncClient and the sync server, with faults
 * programmed per request. Real sockets on both sides (node:http), so what the
 * client sees is exactly what a flaky network gives it: a reset before the
 * server heard anything, a reset after the server applied the request, a
 * response cut half way, a slow answer, a request the network delivered twice.
 *
 *   request ──match a rule?──no──► forward, stream the answer back (long polls pass through)
 *                           └yes─► drop-before | drop-after | delay | cut | duplicate | answer
 *                                  | hold-request | hold-response (the test decides when, see held())
 *
 * Rules are tried in the order they were added; a rule fires `times` times
 * (default once) on the requests it matches, after skipping `skip` of them.
 * `offline` makes the proxy refuse everything (and cuts what is in flight),
 * which is how tests take one client off the network without touching the others.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultAction =
  /** Reset the client's connection without forwarding: the server never hears of it. */
  | { kind: 'drop-before' }
  /** Forward, let the server answer in full, then reset the client's connection: applied, never acknowledged. */
  | { kind: 'drop-after' }
  /** Wait, then forward normally. */
  | { kind: 'delay'; ms: number }
  /** Forward; send the status, headers and at most `bytes` of the body (default: half of what came), then reset. */
  | { kind: 'cut'; bytes?: number }
  /** Forward the same request twice at once and answer with one of the two answers. */
  | { kind: 'duplicate'; answerWith?: 'first' | 'second' }
  /** Keep the request until the test releases it (forwarded then) or drops it (reset, never forwarded). */
  | { kind: 'hold-request' }
  /** Forward, read the whole answer, keep it until the test releases it (delivered) or drops it (reset). */
  | { kind: 'hold-response' }
  /** Answer on the server's behalf without forwarding (a 429 with Retry-After, a 503 from a balancer). */
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: unknown };

export interface SeenRequest {
  seq: number;
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

export interface FaultRule {
  method?: string;
  /** Exact path, e.g. '/v1/mutations' or '/v1/shape'. */
  path?: string;
  /** Query parameters that must all be present with these values (e.g. { table: 'contacts', live: 'true' }). */
  query?: Record<string, string>;
  match?: (r: SeenRequest) => boolean;
  skip?: number;
  times?: number;
  action: FaultAction;
}

export interface RequestRecord extends Omit<SeenRequest, 'body'> {
  fault: FaultAction['kind'] | 'offline' | null;
  /** Upstream status, once known (for duplicate: of the answer passed on). */
  status?: number;
  /** The answer carried Electric's `electric-up-to-date` header (a shape answer ending at up-to-date). */
  upToDate?: boolean;
  /** How it ended for the client. */
  outcome?: 'answered' | 'reset' | 'client-gone' | 'upstream-failed';
  /** The seq of the last request seen when this one ended: requests seen later started after its end. */
  endedAtSeq?: number;
}

/** A request or an answer the proxy keeps until the test decides (hold-request / hold-response). */
export interface Held {
  request: RequestRecord;
  phase: 'request' | 'response';
  /** Forward the request / deliver the answer. */
  release(): void;
  /** Reset the client's connection instead. */
  drop(): void;
}

interface ActiveRule extends FaultRule {
  seen: number;
  fired: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function forwardableHeaders(h: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

export class FaultProxy {
  readonly requests: RequestRecord[] = [];
  private readonly events = new EventEmitter();
  private readonly rules: ActiveRule[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly upstreams = new Set<http.ClientRequest>();
  private readonly heldItems: Held[] = [];
  private seq = 0;
  private offlineMode = false;

  private constructor(
    private readonly server: http.Server,
    /** Where requests go; changeable (a server restarted on another port). */
    public target: URL,
  ) {}

  /** Starts a proxy on a free loopback port in front of `targetUrl`. */
  static async start(targetUrl: string): Promise<FaultProxy> {
    const server = http.createServer();
    const proxy = new FaultProxy(server, new URL(targetUrl));
    server.on('request', (req, res) => void proxy.handle(req, res));
    server.on('connection', (s) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
      if (proxy.offlineMode) s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  addRule(rule: FaultRule): void {
    this.rules.push({ ...rule, seen: 0, fired: 0 });
  }

  clearRules(): void {
    this.rules.length = 0;
  }

  /** Refuse every connection (true) or work normally (false). Going offline cuts what is in flight. */
  setOffline(offline: boolean): void {
    this.offlineMode = offline;
    if (offline) this.cutAll();
  }

  get offline(): boolean {
    return this.offlineMode;
  }

  /** Resets every open connection on both sides (a network blip): long polls, requests in flight, held items. */
  cutAll(): void {
    for (const h of this.heldItems.splice(0)) h.drop();
    for (const u of this.upstreams) u.destroy();
    for (const s of this.sockets) s.destroy();
  }

  /** Resolves with the next held request or answer (or one already waiting). */
  async held(timeoutMs = 20_000): Promise<Held> {
    const ready = this.heldItems.shift();
    if (ready) return ready;
    return new Promise<Held>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('held', onHeld);
        reject(new Error(`no request was held by the proxy within ${timeoutMs} ms`));
      }, timeoutMs);
      const onHeld = () => {
        const h = this.heldItems.shift();
        if (!h) return;
        clearTimeout(timer);
        this.events.off('held', onHeld);
        resolve(h);
      };
      this.events.on('held', onHeld);
    });
  }

  /** Resolves once a request matching `pred` has ended (answered or reset), counting those already ended. */
  async ended(pred: (r: RequestRecord) => boolean, count = 1, timeoutMs = 20_000): Promise<RequestRecord[]> {
    const done = () => this.requests.filter((r) => r.outcome && pred(r));
    if (done().length >= count) return done();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('ended', check);
        reject(new Error(`only ${done().length} of ${count} expected requests ended within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (done().length < count) return;
        clearTimeout(timer);
        this.events.off('ended', check);
        resolve(done());
      };
      this.events.on('ended', check);
    });
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pickRule(r: SeenRequest): FaultAction | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== r.method) continue;
      if (rule.path && rule.path !== r.path) continue;
      if (rule.query && Object.entries(rule.query).some(([k, v]) => r.query.get(k) !== v)) continue;
      if (rule.match && !rule.match(r)) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.fired >= (rule.times ?? 1)) continue;
      rule.fired++;
      return rule.action;
    }
    return null;
  }

  private finish(rec: RequestRecord, outcome: NonNullable<RequestRecord['outcome']>): void {
    if (rec.outcome) return;
    rec.outcome = outcome;
    rec.endedAtSeq = this.seq;
    this.events.emit('ended', rec);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const seen: SeenRequest = { seq: ++this.seq, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: Buffer.concat(chunks) };
    const action = this.offlineMode ? null : this.pickRule(seen);
    const rec: RequestRecord = { seq: seen.seq, method: seen.method, path: seen.path, query: seen.query, fault: this.offlineMode ? 'offline' : (action?.kind ?? null) };
    this.requests.push(rec);
    const reset = () => {
      req.socket.destroy();
      this.finish(rec, 'reset');
    };
    let clientGone = false;
    res.on('close', () => {
      clientGone = !res.writableFinished;
      if (clientGone) this.finish(rec, 'client-gone');
    });
    if (this.offlineMode) return reset();

    if (!action) return this.stream(req, res, seen, rec);
    switch (action.kind) {
      case 'drop-before':
        return reset();
      case 'answer': {
        rec.status = action.status;
        const body = Buffer.from(action.body === undefined ? '' : JSON.stringify(action.body));
        const headers = { ...(action.body === undefined ? {} : { 'content-type': 'application/json' }), ...action.headers };
        return this.deliver(res, rec, { status: action.status, headers, body });
      }
      case 'delay':
        await new Promise((r) => setTimeout(r, action.ms));
        if (clientGone) return;
        return this.stream(req, res, seen, rec);
      case 'hold-request':
        return this.hold(rec, 'request', () => void this.stream(req, res, seen, rec), reset);
      case 'drop-after':
      case 'hold-response':
      case 'cut': {
        const answer = await this.fetchWhole(req, seen).catch(() => null);
        if (!answer) return reset();
        rec.status = answer.status;
        if (action.kind === 'drop-after') return reset();
        if (action.kind === 'hold-response') return this.hold(rec, 'response', () => this.deliver(res, rec, answer), reset);
        const bytes = Math.min(action.bytes ?? Math.floor(answer.body.length / 2), Math.max(0, answer.body.length - 1));
        res.writeHead(answer.status, forwardableHeaders(answer.headers));
        res.write(answer.body.subarray(0, bytes), () => setImmediate(reset));
        return;
      }
      case 'duplicate': {
        const both = await Promise.allSettled([this.fetchWhole(req, seen), this.fetchWhole(req, seen)]);
        const chosen = both[action.answerWith === 'first' ? 0 : 1]!;
        if (chosen.status === 'rejected') return reset();
        rec.status = chosen.value.status;
        return this.deliver(res, rec, chosen.value);
      }
    }
  }

  private hold(rec: RequestRecord, phase: Held['phase'], release: () => void, drop: () => void): void {
    let settled = false;
    const once = (fn: () => void) => () => {
      if (settled) return;
      settled = true;
      fn();
    };
    this.heldItems.push({ request: rec, phase, release: once(release), drop: once(drop) });
    this.events.emit('held');
  }

  private deliver(res: http.ServerResponse, rec: RequestRecord, answer: Answer): void {
    if (res.destroyed) return;
    const headers = forwardableHeaders(answer.headers);
    headers['content-length'] = answer.body.length;
    res.writeHead(answer.status, headers);
    res.end(answer.body, () => this.finish(rec, 'answered'));
  }

  private upstreamRequest(req: http.IncomingMessage, seen: SeenRequest): http.ClientRequest {
    const target = new URL(req.url ?? '/', this.target);
    const headers = forwardableHeaders(req.headers);
    headers.host = target.host;
    headers['content-length'] = seen.body.length;
    // A fresh connection per request: a server restart must not leave stale keep-alive sockets behind.
    const up = http.request(target, { method: seen.method, headers, agent: false });
    this.upstreams.add(up);
    up.on('close', () => this.upstreams.delete(up));
    up.end(seen.body);
    return up;
  }

  /** Forwards and reads the whole answer (for faults that need it before the client gets anything). */
  private fetchWhole(req: http.IncomingMessage, seen: SeenRequest): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const up = this.upstreamRequest(req, seen);
      up.on('error', reject);
      up.on('response', (r) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
        r.on('error', reject);
        r.on('aborted', () => reject(new Error('upstream aborted')));
      });
    });
  }

  /** The normal path: forward and stream the answer back as it comes (long polls included). */
  private stream(req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, rec: RequestRecord): void {
    if (res.destroyed) return;
    const up = this.upstreamRequest(req, seen);
    // The client went away (its fetch was aborted): end the upstream request too, so a long poll ends.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    up.on('error', () => {
      // The server is unreachable or cut us off: the client sees a reset, as it would without a proxy.
      req.socket.destroy();
      this.finish(rec, 'upstream-failed');
    });
    up.on('response', (r) => {
      rec.status = r.statusCode ?? 502;
      rec.upToDate = r.headers['electric-up-to-date'] !== undefined;
      res.writeHead(rec.status, forwardableHeaders(r.headers));
      r.on('data', (c: Buffer) => res.write(c));
      r.on('end', () => res.end(() => this.finish(rec, 'answered')));
      const failed = () => {
        req.socket.destroy();
        this.finish(rec, 'upstream-failed');
      };
      r.on('aborted', failed);
      r.on('error', failed);
    });
  }
}
