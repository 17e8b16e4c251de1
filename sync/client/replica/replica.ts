/**
 * The desktop replica: one SQLite file per signed-in account.
 *
 * Three callers, three doors:
 * - commands (main/core) read the merged views and write through
 *   `replica.outbox.enqueue()`, inside `replica.transaction()` when a command
 *   needs several mutations or must read and write atomically;
 * - the shape consumer writes server rows through `replica.fromServer`;
 * - the push loop drains `replica.outbox` (nextBatch / markSent / recordResults).
 * Live queries listen with `replica.onCommit()`.
 *
 * The connection is synchronous (better-sqlite3): a transaction is one
 * synchronous call, so nothing else on this thread interleaves with it, and a
 * kill -9 at any point leaves SQLite's last committed state (WAL).
 */
import Database from 'better-sqlite3';
import { columnsOf, type TableName } from '../../schema/index.ts';
import { q } from './ddl.ts';
import { runLocalMigrations } from './migrations.ts';
import { reconcileReplicatedTables } from './reconcile.ts';
import { canonicalTimestamp, type SqlRow } from './sql-types.ts';
import { Outbox } from './outbox.ts';
import { ServerApply } from './server-apply.ts';
import { checkIntegrity } from './integrity.ts';
import { blobIdStatement } from './uuid-blob.ts';
import { registerSearchFunctions } from './search-index.ts';
import { preparePrivateDatabase } from './private-files.ts';
import { checkpointInBackground, type CheckpointResult } from './background-checkpoint.ts';
import type {
  ChangeSource,
  ChangedTable,
  CommitEvent,
  CommitListener,
  ReplicaConnection,
} from './connection.ts';

/** Page cache for the app's reads (KiB). */
const CACHE_KIB = 65_536;
/** Page cache while a first download runs (KiB): see Replica.firstDownload. */
export const DOWNLOAD_CACHE_KIB = 16_384;
/** SQLite's default automatic checkpoint (pages of WAL), restored when a first download ends. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/** The WAL file is truncated to this after a checkpoint resets it (bytes). */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** Free pages below this (4 MiB of 4 KiB pages) are left for the next writes rather than given back. */
const RECLAIM_MIN_PAGES = 1024;

export interface ReplicaOptions {
  /** The signed-in user: stamped as created_by/updated_by on rows changed locally until the server's stamps arrive. */
  actorId?: string | null;
  /** Injected in tests; the device clock otherwise. */
  clock?: () => Date;
  /** Open read-only (a second connection for heavy reads, or inspection tools). */
  readonly?: boolean;
}

export type { ChangeSource, ChangedTable, CommitEvent, CommitListener } from './connection.ts';

/** The statement cached under `sql`, prepared by `make` on first use. */
function cached(
  statements: Map<string, Database.Statement>,
  sql: string,
  make: () => Database.Statement,
): Database.Statement {
  let s = statements.get(sql);
  if (!s) {
    s = make();
    statements.set(sql, s);
  }
  return s;
}

export class Replica implements ReplicaConnection {
  readonly db: Database.Database;
  readonly outbox: Outbox;
  readonly fromServer: ServerApply;
  readonly actorId: string | null;
  /** Tables whose column set changed since the file was last opened: their shapes must be fetched again. */
  readonly tablesToRefetch: readonly TableName[];
  private readonly clock: () => Date;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();
  private readonly listeners = new Set<CommitListener>();
  private depth = 0;
  private touchedTables = new Set<ChangedTable>();
  private touchedSources = new Set<ChangeSource>();

  private constructor(
    readonly path: string,
    options: ReplicaOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.actorId = options.actorId ?? null;
    // A file only this user may read (private-files.ts); ':memory:' and '' are not files.
    if (!options.readonly && path !== ':memory:' && path !== '') preparePrivateDatabase(path);
    this.db = new Database(path, { readonly: options.readonly ?? false });
    this.db.pragma('busy_timeout = 5000');
    // A new file gives back its free pages on demand (reclaimFreePages): a first download leaves
    // many (FTS5 segment merges, staging tables swapped in). Only settable before the first table.
    if (!options.readonly && this.isEmpty()) this.db.pragma('auto_vacuum = INCREMENTAL');
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a process crash never loses a committed transaction; a power cut may lose the last few.
      this.db.pragma('synchronous = NORMAL');
      // A WAL that a first download grew (firstDownload) is cut back to this when it is next reset.
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    // Synced rows arrive in the server's commit order, not in foreign-key order.
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('temp_store = MEMORY');
    // 64 MiB of page cache for the app's reads; a first download runs with less (firstDownload).
    this.db.pragma(`cache_size = -${CACHE_KIB}`);
    // Before the migrations: the search rebuild they may trigger hashes documents with it.
    registerSearchFunctions(this.db);
    if (options.readonly) {
      this.tablesToRefetch = [];
    } else {
      runLocalMigrations(this.db, () => this.nowIso());
      this.tablesToRefetch = reconcileReplicatedTables(this.db, () => this.nowIso());
      // An app update may drop indexes and rebuild derived tables (issue 13: 51 of 276 MiB at
      // 100k interactions): give those pages back now rather than keep them for later writes.
      this.reclaimFreePages();
    }
    this.outbox = new Outbox(this);
    this.fromServer = new ServerApply(this, this.outbox);
  }

  /** Opens (creating if needed) and migrates the replica file at `path`. */
  static open(path: string, options: ReplicaOptions = {}): Replica {
    return new Replica(path, options);
  }

  /**
   * A first download writes each arriving batch in its own short transaction
   * (snapshot-staging.ts), so a large cache only keeps pages nobody reads
   * again while the process also holds the answers in flight: it runs with
   * DOWNLOAD_CACHE_KIB and gets the full cache back when it is over.
   *
   * It also runs without automatic checkpoints: by default every commit that
   * leaves 1,000 pages (4 MiB) in the WAL copies them into the file, and a
   * snapshot's staging batches touch the same primary-key pages again and
   * again, so each was copied many times (bench/README.md "Initial sync
   * without the reviver": half of a 300k-row staging load). The WAL grows to
   * about the size of the new rows instead, and one checkpoint when the
   * download ends copies each page once, on a worker thread (journal_size_limit
   * then cuts the WAL file back at its next reset). A kill -9 meanwhile loses nothing: the WAL
   * holds every committed batch and the next open replays it.
   */
  firstDownload(on: boolean): void {
    this.db.pragma(`cache_size = -${on ? DOWNLOAD_CACHE_KIB : CACHE_KIB}`);
    if (this.db.readonly) return;
    if (on) {
      this.downloads++;
      this.downloading = true;
      this.db.pragma('wal_autocheckpoint = 0');
      return;
    }
    // A sync client's stop ends a download only if one runs: no checkpoint worker per stop.
    if (!this.downloading) return;
    this.downloading = false;
    this.reclaimFreePages();
    if (this.path === ':memory:' || this.path === '') {
      this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      return;
    }
    // The WAL holds about the whole download: copied on a worker thread, so the app does not
    // wait for it (background-checkpoint.ts). Automatic checkpoints come back once it is over:
    // before, the next commit here could start copying the same pages on this thread.
    const download = this.downloads;
    this.checkpointing = checkpointInBackground(this.path).then((result) => {
      if (this.db.open && this.downloads === download)
        this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      return result;
    });
  }

  /** First downloads begun on this connection: a checkpoint of an earlier one leaves a later one's setting alone. */
  private downloads = 0;
  /** Between firstDownload(true) and firstDownload(false). */
  private downloading = false;

  /** The background checkpoint a first download's end started, if any (tests and benches wait on it). */
  checkpointing: Promise<CheckpointResult> | undefined;

  /**
   * Shrinks the file by its free pages when they are worth it (a first download's are a tenth
   * of it or more); returns the pages given back. Files made before auto_vacuum was set here
   * (auto_vacuum NONE) keep their size: only a VACUUM, a full rewrite, could change that.
   */
  reclaimFreePages(): number {
    if (this.db.readonly || this.db.inTransaction) return 0;
    if (this.db.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    if (free < RECLAIM_MIN_PAGES || free < pages / 20) return 0;
    this.db.pragma('incremental_vacuum');
    return free;
  }

  private isEmpty(): boolean {
    return (this.db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0;
  }

  close(): void {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  /** Now, as the canonical timestamp text stored in the replica. */
  nowIso(): string {
    return canonicalTimestamp(this.clock());
  }

  now(): Date {
    return this.clock();
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE); nested calls become
   * savepoints. Listeners hear about the change after the outermost commit,
   * never about a transaction that rolled back.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return this.db.transaction(fn)();
    this.depth++;
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.touchedTables = new Set();
      this.touchedSources = new Set();
      throw err;
    } finally {
      this.depth--;
    }
    this.emit();
    return result;
  }

  /** Records that the current transaction changed `table` (used by the replica's own modules). */
  touch(table: ChangedTable, source: ChangeSource): void {
    this.touchedTables.add(table);
    this.touchedSources.add(source);
  }

  /** Called after every committed transaction that changed data. Returns an unsubscribe function. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A cached prepared statement that speaks uuid text: ids in its rows come back
   * as text and uuid-text parameters are bound as the file's 16-byte blobs
   * (uuid-blob.ts blobIdStatement says exactly which). What every query uses.
   */
  stmt(sql: string): Database.Statement {
    return cached(this.statements, sql, () => blobIdStatement(this.db.prepare(sql)));
  }

  /** `stmt` without the cache, for SQL made per call (e.g. an IN list of a given length). */
  prepare(sql: string): Database.Statement {
    return blobIdStatement(this.db.prepare(sql));
  }

  /**
   * A cached statement that binds and returns values as given: for the writers
   * of replicated rows' values and of search text, which convert uuid columns in
   * their SQL (uuid-blob.ts valuePlaceholder) and must bind a text column's
   * value as text even when it looks like a uuid.
   */
  rawStmt(sql: string): Database.Statement {
    return cached(this.rawStatements, sql, () => this.db.prepare(sql));
  }

  /** The merged row (pending local changes over the server's) as stored, or undefined. */
  getRow(table: TableName, id: string): SqlRow | undefined {
    const cols = columnsOf(table).map(q).join(', ');
    return this.stmt(`SELECT ${cols}, _pending FROM ${q(table)} WHERE id = ?`).get(id) as
      SqlRow | undefined;
  }

  /** Every way the file disagrees with its own invariants (overlays vs outbox, search vs rows); empty when sound. */
  checkIntegrity(): string[] {
    return checkIntegrity(this);
  }

  private emit(): void {
    if (this.touchedTables.size === 0) return;
    const event: CommitEvent = { tables: this.touchedTables, sources: this.touchedSources };
    this.touchedTables = new Set();
    this.touchedSources = new Set();
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        // A listener's bug must not look like a failed write: the data is committed.
        console.error('replica commit listener failed', err);
      }
    }
  }
}
