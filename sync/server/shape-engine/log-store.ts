/**
 * Durable shape logs in one SQLite file (better-sqlite3, synchronous): shape records, their
 * log entries as ready-to-send JSON, chunk boundaries, and the replication position.
 *
 * Durability contract with the engine: the entries of one replicated PostgreSQL transaction,
 * for every shape, and the new replication position are written in ONE SQLite transaction;
 * only after it commits may the slot be told the position is flushed. synchronous=FULL so
 * a power cut after that acknowledgement cannot lose the commit either.
 *
 * Chunk boundaries are decided once, when an entry is appended (the entry that brings the
 * open chunk to the byte threshold closes it), and stored, so a given (handle, offset)
 * always answers with the same chunk: a requirement of HTTP caching and client prefetch.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MAX_OP, type LogOffset } from './offsets.ts';

/**
 * One stored row of a shape log: usually one message; for the snapshot, a whole chunk of
 * messages joined by commas (`op` is then the last message's index and `closesChunk` is
 * set), so serving a snapshot chunk reads one row instead of thousands.
 */
export interface LogEntry {
  lsn: bigint;
  op: number;
  body: string;
  /** Closes the chunk regardless of size (pre-assembled snapshot chunks). */
  closesChunk?: boolean;
}

/** A shape's append position; values, replaced (not mutated) after each commit. */
export interface LogTail {
  readonly end: LogOffset;
  /** Bytes in the open (last, unterminated) chunk. */
  readonly chunkBytes: number;
  /** Bytes of replicated changes (not the snapshot): drives compaction by rotation. */
  readonly changeBytes: number;
}

export interface StoredShape {
  id: number;
  handle: string;
  defKey: string;
  state: 'creating' | 'ready';
  /** JSON owned by the engine (definition, table, constants, snapshot). */
  record: string;
  tail: LogTail;
  lastUsedAt: number;
}

export interface ReadResult {
  bodies: string[];
  /** Offset of the last entry returned; null when none. */
  last: LogOffset | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shapes (
  id INTEGER PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  def_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('creating', 'ready')),
  record TEXT NOT NULL,
  end_lsn INTEGER NOT NULL,
  end_op INTEGER NOT NULL,
  chunk_bytes INTEGER NOT NULL,
  change_bytes INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
  shape_id INTEGER NOT NULL,
  lsn INTEGER NOT NULL,
  op INTEGER NOT NULL,
  chunk_end INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (shape_id, lsn, op)
);
`;

export class LogStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(
    dataDir: string,
    /** Byte threshold that closes a chunk. */
    readonly chunkBytes: number,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'shapes.sqlite'));
    // Log rows are large (JSON messages, whole snapshot chunks): bigger pages store them
    // with less overflow-page chaining. Only takes effect when the file is created.
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmts = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      insertEntry: db.prepare(
        'INSERT INTO log (shape_id, lsn, op, chunk_end, body) VALUES (?, ?, ?, ?, ?)',
      ),
      updateTail: db.prepare(
        'UPDATE shapes SET end_lsn = ?, end_op = ?, chunk_bytes = ?, change_bytes = ? WHERE id = ?',
      ),
      read: db
        .prepare<
          [number, bigint, bigint, bigint, number],
          { lsn: bigint; op: bigint; chunk_end: bigint; body: string }
        >(
          `SELECT lsn, op, chunk_end, body FROM log
            WHERE shape_id = ? AND (lsn > ? OR (lsn = ? AND op > ?)) ORDER BY lsn, op LIMIT ?`,
        )
        .safeIntegers(true),
      insertShape: db.prepare(
        `INSERT INTO shapes (handle, def_key, state, record, end_lsn, end_op, chunk_bytes, change_bytes, last_used_at)
         VALUES (?, ?, 'creating', ?, -1, 0, 0, 0, ?)`,
      ),
      setState: db.prepare('UPDATE shapes SET state = ?, record = ? WHERE id = ?'),
      deleteLog: db.prepare('DELETE FROM log WHERE shape_id = ?'),
      deleteShape: db.prepare('DELETE FROM shapes WHERE id = ?'),
      touch: db.prepare('UPDATE shapes SET last_used_at = ? WHERE id = ?'),
      exists: db.prepare<[number, bigint, number], { one: number }>(
        'SELECT 1 AS one FROM log WHERE shape_id = ? AND lsn = ? AND op = ?',
      ),
      all: db
        .prepare<
          [],
          {
            id: bigint;
            handle: string;
            def_key: string;
            state: 'creating' | 'ready';
            record: string;
            end_lsn: bigint;
            end_op: bigint;
            chunk_bytes: bigint;
            change_bytes: bigint;
            last_used_at: bigint;
          }
        >('SELECT * FROM shapes ORDER BY id')
        .safeIntegers(true),
    };
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one SQLite transaction (immediate, so it never upgrades mid-way). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  getMeta(key: string): string | undefined {
    return this.stmts.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  loadShapes(): StoredShape[] {
    return this.stmts.all.all().map((r) => ({
      id: Number(r.id),
      handle: r.handle,
      defKey: r.def_key,
      state: r.state,
      record: r.record,
      tail: {
        end: { lsn: r.end_lsn, op: r.end_op >= BigInt(MAX_OP) ? Infinity : Number(r.end_op) },
        chunkBytes: Number(r.chunk_bytes),
        changeBytes: Number(r.change_bytes),
      },
      lastUsedAt: Number(r.last_used_at),
    }));
  }

  /** Inserts a shape in state 'creating' (removed at start-up if the engine dies before it is ready). */
  insertShape(handle: string, defKey: string, record: string, now: number): number {
    return Number(this.stmts.insertShape.run(handle, defKey, record, now).lastInsertRowid);
  }

  markReady(id: number, record: string): void {
    this.stmts.setState.run('ready', record, id);
  }

  deleteShape(id: number): void {
    this.stmts.deleteLog.run(id);
    this.stmts.deleteShape.run(id);
  }

  touch(id: number, now: number): void {
    this.stmts.touch.run(now, id);
  }

  /**
   * Appends entries (in offset order, after `tail.end`) and returns the new tail; call
   * inside transaction(). `isChange`: counts toward changeBytes (snapshot rows do not).
   */
  append(id: number, tail: LogTail, entries: readonly LogEntry[], isChange: boolean): LogTail {
    let chunkBytes = tail.chunkBytes;
    let changeBytes = tail.changeBytes;
    let end = tail.end;
    for (const e of entries) {
      const size = Buffer.byteLength(e.body) + 1;
      chunkBytes += size;
      if (isChange) changeBytes += size;
      const closes = e.closesChunk === true || chunkBytes >= this.chunkBytes;
      this.stmts.insertEntry.run(id, e.lsn, e.op, closes ? 1 : 0, e.body);
      if (closes) chunkBytes = 0;
      end = { lsn: e.lsn, op: e.op };
    }
    this.stmts.updateTail.run(
      end.lsn,
      end.op === Infinity ? MAX_OP : end.op,
      chunkBytes,
      changeBytes,
      id,
    );
    return { end, chunkBytes, changeBytes };
  }

  /** Whether a stored row ends exactly at `at` (snapshot offsets must, see LogEntry). */
  endsRow(id: number, at: LogOffset): boolean {
    return this.stmts.exists.get(id, at.lsn, at.op) !== undefined;
  }

  /**
   * Entries strictly after `after`, up to and including the first that closes a chunk (or
   * the end of the log). `maxEntries` only guards memory; chunks are normally far smaller.
   */
  read(id: number, after: LogOffset, maxEntries = 1_000_000): ReadResult {
    const op = BigInt(after.op === Infinity ? MAX_OP : after.op);
    const bodies: string[] = [];
    let last: LogOffset | null = null;
    for (const r of this.stmts.read.iterate(id, after.lsn, after.lsn, op, maxEntries)) {
      bodies.push(r.body);
      last = { lsn: r.lsn, op: Number(r.op) };
      if (r.chunk_end === 1n) break;
    }
    return { bodies, last };
  }
}
