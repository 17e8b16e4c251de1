/**
 * Reads one table's shape from offset -1 to its first up-to-date over the
 * Electric HTTP protocol (the same requests the official ShapeStream makes in
 * its non-live phase), for a first download or a refetch; the ShapeConsumer
 * then hands the stored handle and offset to the official ShapeStream, which
 * keeps the table live from there.
 *
 *   request(-1) ─200─► answer ─► (not up-to-date: request(next) in flight) ─► onAnswer ─► ... ─► up-to-date: done
 *        ▲        └409─► onAnswer(must-refetch) ─┐
 *        └───────────────────────────────────────┘ (offset -1 again, the new handle)
 *   network error, 429, 5xx ─► the same request again after a backoff (1 s doubling, at most maxRetryDelayMs)
 *   any other status ─► ShapeHttpError (status kept: the sync client signs out on a 401)
 *
 * Why not the official client for this part: a snapshot is most of what a
 * desktop ever downloads (283k rows, 210 MB of JSON at 100k interactions), and
 * ShapeStream reads each answer as text, makes a new Response of it and reads
 * that as text again (consumeResponseBody), then parses it with a JSON.parse
 * reviver called on every key of every message and a per-value parser built
 * per value: at 20k interactions that was 1.4 s of the client's 3.4 s of CPU
 * (bench/README.md, "Initial sync without the reviver"). Here an answer is
 * decoded once and parsed by plain JSON.parse. Values stay strings in
 * PostgreSQL's text form, as the protocol sends them; the replica's converters
 * read that form (sql-types.ts) except JSON, which is parsed here as the
 * official parser would, so both paths store the same values.
 *
 * One request ahead, like the official prefetch: the next answer downloads
 * while this one is written to SQLite; memory holds at most two answers. The
 * sync client reads through bulk-fetch.ts, which decodes a compressed answer
 * in one piece on the thread pool (Node's fetch decodes it 16 KiB at a time
 * through the event loop, which kept this thread waiting).
 */
import type { Message, Row } from '@electric-sql/client';
import type { TableName } from '../../schema/index.ts';

export interface SnapshotAnswer {
  messages: Message<Row>[];
  /** The shape handle and the offset after this answer (electric-handle, electric-offset). */
  handle: string;
  offset: string;
}

export interface SnapshotReaderOptions {
  table: TableName;
  shapeUrl: string;
  streamKey: string;
  token: () => string;
  fetchClient: typeof fetch;
  signal: AbortSignal;
  maxRetryDelayMs: number;
  /** Called once per answer, in order; it must finish its work before returning (the next answer waits). */
  onAnswer(answer: SnapshotAnswer): void;
}

/** A shape answer with a status the reader does not retry (401, 400, 404, ...). */
export class ShapeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ShapeHttpError';
  }
}

type Fetched =
  | { kind: 'answer'; answer: SnapshotAnswer; upToDate: boolean }
  | { kind: 'refetch'; handle: string | undefined };

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** Reads the shape to its first up-to-date; resolves then, or rejects (aborted: quietly, with the signal's reason). */
export async function readSnapshot(o: SnapshotReaderOptions): Promise<void> {
  let handle: string | undefined;
  let cacheBuster: string | undefined;
  // A request ahead may fail while onAnswer runs or after it threw: its rejection is awaited or dropped, never unhandled.
  const ahead = (offset: string, h: string | undefined) => {
    const p = fetchAnswer(o, offset, h, cacheBuster);
    p.catch(() => undefined);
    return p;
  };
  let next = ahead('-1', handle);
  for (;;) {
    const got = await next;
    if (got.kind === 'refetch') {
      handle = got.handle;
      cacheBuster = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      next = ahead('-1', handle);
      o.onAnswer({
        messages: [{ headers: { control: 'must-refetch' } }],
        handle: handle ?? '',
        offset: '-1',
      });
      continue;
    }
    const { answer } = got;
    if (!got.upToDate) next = ahead(answer.offset, answer.handle);
    o.onAnswer(answer);
    if (got.upToDate) return;
  }
}

async function fetchAnswer(
  o: SnapshotReaderOptions,
  offset: string,
  handle: string | undefined,
  cacheBuster: string | undefined,
): Promise<Fetched> {
  const url = new URL(o.shapeUrl);
  url.searchParams.set('table', o.table);
  url.searchParams.set('stream', o.streamKey);
  url.searchParams.set('offset', offset);
  url.searchParams.set('log', 'full'); // as ShapeStream asks: the same shape, whichever reads it
  if (handle) url.searchParams.set('handle', handle);
  if (cacheBuster) url.searchParams.set('cache-buster', cacheBuster);
  let delay = Math.min(1000, o.maxRetryDelayMs);
  for (;;) {
    o.signal.throwIfAborted();
    let res: Response | undefined;
    try {
      res = await o.fetchClient(url, {
        headers: { authorization: `Bearer ${o.token()}` },
        signal: o.signal,
      });
      if (res.status === 409) {
        await res.body?.cancel();
        return { kind: 'refetch', handle: res.headers.get('electric-handle') ?? undefined };
      }
      if (res.ok) return { kind: 'answer', ...(await readAnswer(res, o.table)) };
      if (!RETRYABLE(res.status)) {
        const text = await res.text().catch(() => '');
        throw new ShapeHttpError(res.status, `shape ${o.table}: HTTP ${res.status} ${text.slice(0, 200)}`);
      }
      await res.body?.cancel();
    } catch (err) {
      if (err instanceof ShapeHttpError || o.signal.aborted) throw err;
      // A network error (offline, reset): the same request again after the backoff.
    }
    await sleep(delay, o.signal);
    delay = Math.min(delay * 2, o.maxRetryDelayMs);
  }
}

/** One 200 answer: its messages (JSON values parsed as the official parser does) and position. */
async function readAnswer(
  res: Response,
  table: TableName,
): Promise<{ answer: SnapshotAnswer; upToDate: boolean }> {
  const handle = res.headers.get('electric-handle');
  const offset = res.headers.get('electric-offset');
  if (!handle || !offset)
    throw new ShapeHttpError(res.status, `shape ${table}: answer without electric-handle or electric-offset`);
  const text = await res.text();
  const messages = (text ? JSON.parse(text) : []) as Message<Row>[];
  if (!Array.isArray(messages))
    throw new ShapeHttpError(res.status, `shape ${table}: the answer is not a JSON array`);
  parseJsonColumns(messages, res.headers.get('electric-schema'));
  const last = messages[messages.length - 1];
  const upToDate =
    last !== undefined && 'control' in last.headers && last.headers.control === 'up-to-date';
  return { answer: { messages, handle, offset }, upToDate };
}

/** json/jsonb values come as text: parsed, as @electric-sql/client's default parser does. */
function parseJsonColumns(messages: Message<Row>[], schemaHeader: string | null): void {
  if (!schemaHeader) return;
  const schema = JSON.parse(schemaHeader) as Record<string, { type?: string; dims?: number }>;
  const json = Object.keys(schema).filter(
    (c) => (schema[c]?.type === 'json' || schema[c]?.type === 'jsonb') && !schema[c]?.dims,
  );
  if (json.length === 0) return;
  for (const m of messages) {
    const value = (m as { value?: Record<string, unknown> }).value;
    if (!value) continue;
    for (const c of json) {
      const v = value[c];
      if (typeof v === 'string') value[c] = JSON.parse(v) as unknown;
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
