/**
 * A shape's initial snapshot: one REPEATABLE READ transaction that records its own
 * PostgreSQL snapshot (xmin, xmax, xip) and reads the matching rows through a cursor in
 * batches (one query, streamed; no per-row round trips).
 *
 * Joining with the replication stream: a replicated transaction is already in the
 * snapshot iff it is visible in that PostgreSQL snapshot, so the engine skips exactly those.
 * Every transaction whose commit record starts at or after `insertLsn` (the WAL insert
 * position read inside the snapshot's first statement) began committing after the
 * snapshot was taken, so the check is only needed below that LSN; beyond it 32-bit xid
 * comparisons could wrap around.
 */
import type pg from 'pg';
import type { TableInfo } from './catalog.ts';
import { xid32, xidVisibleInSnapshot } from '../../schema/xid-visibility.ts';
import { quoteIdent } from './sql-text.ts';
import type { CompiledWhere } from './where-compile.ts';

export interface PgSnapshot {
  xmin: bigint;
  xmax: bigint;
  xip: bigint[];
  insertLsn: bigint;
}

/** Makes pg return every value as the text PostgreSQL sent (no Date, no number parsing). */
export const RAW_TEXT_TYPES = {
  getTypeParser: () => (v: string) => v,
} as unknown as pg.CustomTypesConfig;

export interface SnapshotOptions {
  table: TableInfo;
  columns: readonly string[];
  where: CompiledWhere;
  /** false for log=changes_only: only the PostgreSQL snapshot is recorded. */
  withRows: boolean;
  batchRows: number;
  /** Receives the rows batch by batch, in the order read: values in `columns` order. */
  onRows(rows: ReadonlyArray<ReadonlyArray<string | null>>): void;
}

export async function takeSnapshot(pool: pg.Pool, opts: SnapshotOptions): Promise<PgSnapshot> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // First statement: fixes the transaction snapshot and reports it.
    const s = await client.query<{ xmin: string; xmax: string; xip: string[]; lsn: string }>(
      `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax,
              ARRAY(SELECT x::text FROM pg_snapshot_xip(s) AS x) AS xip,
              (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::text AS lsn
         FROM pg_current_snapshot() AS s`,
    );
    const row = s.rows[0]!;
    const snapshot: PgSnapshot = {
      xmin: BigInt(row.xmin),
      xmax: BigInt(row.xmax),
      xip: row.xip.map((x) => BigInt(x)),
      insertLsn: BigInt(row.lsn),
    };
    if (opts.withRows) {
      const cols = opts.columns.map(quoteIdent).join(', ');
      const from = `${quoteIdent(opts.table.schema)}.${quoteIdent(opts.table.name)}`;
      await client.query(
        `DECLARE shape_snapshot NO SCROLL CURSOR FOR SELECT ${cols} FROM ${from} WHERE ${opts.where.sql}`,
        opts.where.sqlParams,
      );
      const fetchBatch = () =>
        client.query<Array<string | null>>({
          text: `FETCH ${opts.batchRows} FROM shape_snapshot`,
          rowMode: 'array',
          types: RAW_TEXT_TYPES,
        });
      // The next batch is requested before this one is processed, so PostgreSQL produces
      // rows while Node turns the previous ones into JSON and SQLite rows.
      let next: ReturnType<typeof fetchBatch> | null = fetchBatch();
      while (next) {
        const r: Awaited<ReturnType<typeof fetchBatch>> = await next;
        next = r.rows.length === opts.batchRows ? fetchBatch() : null;
        if (r.rows.length > 0) opts.onRows(r.rows);
      }
    }
    await client.query('COMMIT');
    return snapshot;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Is a transaction (32-bit xid from pgoutput) already contained in the snapshot? (rule: sync/schema/xid-visibility.ts) */
export function visibleInSnapshot(
  snap: { xmin: bigint; xmax: bigint; xip: ReadonlySet<number> },
  xid: number,
): boolean {
  return xidVisibleInSnapshot(xid, {
    xmin: xid32(snap.xmin),
    xmax: xid32(snap.xmax),
    inProgress: (x) => snap.xip.has(x),
  });
}
