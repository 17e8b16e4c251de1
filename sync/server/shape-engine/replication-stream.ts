/**
 * One logical replication connection: START_REPLICATION on our slot with pgoutput, raw
 * XLogData payloads and keepalives handed to the caller synchronously, standby status
 * updates sent when the caller says a position is durable.
 *
 * Built on pg's own connection (replication=database + the CopyBoth stream) instead of the
 * pg-logical-replication package because we need three things it does not give: values as
 * the raw text PostgreSQL sent (it runs pg's type parsers), LSNs as bigints, and full
 * control over acknowledgements (its standby timer acknowledges the last *received* LSN,
 * which would let the slot discard WAL we have not stored yet).
 */
import pg from 'pg';
import { DISPLAY_SETTINGS_OPTIONS } from './catalog.ts';
import { quoteIdent } from './sql-text.ts';
import { lsnToPg } from './offsets.ts';

export interface ReplicationStreamOptions {
  connectionString: string;
  slot: string;
  publication: string;
  /** Resume point: transactions committing before it are not sent again. */
  startLsn: bigint;
  /** One pgoutput message (payload of an XLogData message); must be handled synchronously. */
  onData(payload: Buffer): void;
  /** Primary keepalive: `walEnd` is how far the walsender has sent. */
  onKeepalive(walEnd: bigint, replyRequested: boolean): void;
}

/** The parts of pg's internal connection we use (not in @types/pg). */
interface RawConnection {
  on(event: 'copyData', cb: (msg: { chunk: Buffer }) => void): void;
  once(event: 'replicationStart', cb: () => void): void;
  sendCopyFromChunk(chunk: Buffer): void;
}

/** Microseconds since 2000-01-01, PostgreSQL's epoch, for status update timestamps. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

export class ReplicationStream {
  private readonly client: pg.Client;
  private stopping = false;
  /** Settles when the stream ends: null on a requested stop, the error otherwise. */
  readonly ended: Promise<Error | null>;
  private resolveEnded!: (e: Error | null) => void;

  constructor(private readonly opts: ReplicationStreamOptions) {
    this.client = new pg.Client({
      connectionString: opts.connectionString,
      replication: 'database',
      // Same text formats as the snapshot connections: pgoutput formats values in the
      // walsender's session, so its settings decide the text of every replicated value.
      options: DISPLAY_SETTINGS_OPTIONS,
    } as pg.ClientConfig);
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.client.on('error', (e) => this.finish(e));
    this.client.on('end', () => this.finish(new Error('replication connection closed')));
  }

  private finish(e: Error): void {
    this.resolveEnded(this.stopping ? null : e);
  }

  /** Connects and starts streaming; resolves once PostgreSQL has entered CopyBoth mode. */
  async start(): Promise<void> {
    await this.client.connect();
    const conn = (this.client as unknown as { connection: RawConnection }).connection;
    conn.on('copyData', ({ chunk }) => this.onCopyData(chunk));
    const started = new Promise<void>((resolve, reject) => {
      conn.once('replicationStart', resolve);
      void this.ended.then((e) => reject(e ?? new Error('replication stopped before it started')));
    });
    const sql =
      `START_REPLICATION SLOT ${quoteIdent(this.opts.slot)} LOGICAL ${lsnToPg(this.opts.startLsn)} ` +
      `(proto_version '1', publication_names '${quoteIdent(this.opts.publication).replace(/'/g, "''")}')`;
    // The query only settles when replication ends (error, or the connection closing).
    this.client.query(sql).then(
      () => this.finish(new Error('replication stream ended')),
      (e: Error) => this.finish(e),
    );
    await started;
  }

  private onCopyData(chunk: Buffer): void {
    if (this.stopping) return;
    try {
      const kind = chunk[0];
      if (kind === 0x77 /* w: XLogData */) {
        // Header: walStart (8), walEnd (8), sendTime (8); then the pgoutput message.
        this.opts.onData(chunk.subarray(25));
      } else if (kind === 0x6b /* k: keepalive */) {
        this.opts.onKeepalive(chunk.readBigUInt64BE(1), chunk[17] === 1);
      }
    } catch (e) {
      // A message we cannot decode or store: end this session; the runner reconnects from
      // the last acknowledged position, so nothing after it is lost.
      this.finish(e as Error);
      void this.client.end().catch(() => {});
    }
  }

  /**
   * Standby status update: everything before `flushLsn` is safely stored, so the slot may
   * release that WAL and will not resend transactions that committed before it.
   */
  sendStatus(flushLsn: bigint, requestReply = false): void {
    if (this.stopping) return;
    const buf = Buffer.alloc(34);
    buf.write('r', 0, 'latin1');
    buf.writeBigUInt64BE(flushLsn, 1); // written
    buf.writeBigUInt64BE(flushLsn, 9); // flushed
    buf.writeBigUInt64BE(flushLsn, 17); // applied
    buf.writeBigInt64BE(BigInt(Date.now() - PG_EPOCH_MS) * 1000n, 25);
    buf.writeUInt8(requestReply ? 1 : 0, 33);
    const conn = (this.client as unknown as { connection: RawConnection }).connection;
    conn.sendCopyFromChunk(buf);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.resolveEnded(null);
    await this.client.end().catch(() => {});
  }
}
