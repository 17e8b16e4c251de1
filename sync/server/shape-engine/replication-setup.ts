/**
 * Start-up checks that decide where replication resumes and whether the stored shape logs
 * can still be trusted. They cannot when the SQLite file belongs to another database, when
 * our replication slot vanished (changes were lost while it did not exist), or when the
 * slot confirms a position we never stored (the file was restored from an older copy):
 * then every stored shape is dropped and clients get 409 + a fresh snapshot.
 */
import type pg from 'pg';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ensurePublication } from './catalog.ts';
import type { LogStore } from './log-store.ts';
import { quoteIdent } from './sql-text.ts';

export interface ReplicationStart {
  startLsn: bigint;
  /** Last commit LSN whose changes are stored: transactions at or below it are skipped. */
  lastCommitLsn: bigint;
  /** Why stored shapes were dropped, if they were. */
  resetReason: string | null;
}

const slotRow = z.object({ lsn: z.string().nullable(), plugin: z.string(), database: z.string() });

export async function prepareReplication(
  pool: pg.Pool,
  store: LogStore,
  opts: { slot: string; publication: string },
): Promise<ReplicationStart> {
  const id = await pool.query<{ system_identifier: string; db: string }>(
    `SELECT system_identifier::text, current_database() AS db FROM pg_control_system()`,
  );
  const identity = createHash('sha256')
    .update(
      JSON.stringify([id.rows[0]!.system_identifier, id.rows[0]!.db, opts.slot, opts.publication]),
    )
    .digest('hex');

  await ensurePublication(pool, opts.publication);

  const slots = await pool.query(
    `SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::text AS lsn, plugin::text, database::text
       FROM pg_replication_slots WHERE slot_name = $1`,
    [opts.slot],
  );
  let slot = slots.rows[0] ? slotRow.parse(slots.rows[0]) : null;
  let resetReason: string | null = null;
  if (slot && (slot.plugin !== 'pgoutput' || slot.database !== id.rows[0]!.db)) {
    throw new Error(
      `replication slot "${opts.slot}" exists but belongs to another database or plugin; choose another slot name`,
    );
  }
  if (!slot) {
    // Waits for transactions running now to finish: the slot's consistent starting point.
    const created = await pool.query<{ lsn: string }>(
      `SELECT (lsn - '0/0'::pg_lsn)::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')`,
      [opts.slot],
    );
    slot = { lsn: created.rows[0]!.lsn, plugin: 'pgoutput', database: id.rows[0]!.db };
    resetReason = 'the replication slot was (re)created';
  }
  const confirmed = BigInt(slot.lsn ?? '0');

  const storedIdentity = store.getMeta('identity');
  const storedAck = BigInt(store.getMeta('ack_lsn') ?? '0');
  if (storedIdentity !== undefined && storedIdentity !== identity)
    resetReason = 'the data directory belongs to another database';
  else if (confirmed > storedAck && storedIdentity !== undefined)
    resetReason ??= 'the slot is ahead of the stored logs';

  const hadShapes = store.loadShapes().length > 0;
  if (resetReason !== null || storedIdentity === undefined) {
    store.transaction(() => {
      for (const s of store.loadShapes()) store.deleteShape(s.id);
      store.setMeta('identity', identity);
      store.setMeta('ack_lsn', String(confirmed));
      store.setMeta('last_commit_lsn', '0');
    });
    return { startLsn: confirmed, lastCommitLsn: 0n, resetReason: hadShapes ? resetReason : null };
  }
  return {
    startLsn: storedAck > confirmed ? storedAck : confirmed,
    lastCommitLsn: BigInt(store.getMeta('last_commit_lsn') ?? '0'),
    resetReason: null,
  };
}

/** Drops the engine's slot (retrying while a walsender still holds it) and publication. */
export async function dropReplication(
  pool: pg.Pool,
  opts: { slot: string; publication: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await pool.query(
        `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`,
        [opts.slot],
      );
      break;
    } catch (e) {
      // 55006: the slot is still active for a walsender that is shutting down.
      if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await pool.query(`DROP PUBLICATION IF EXISTS ${quoteIdent(opts.publication)}`);
}
