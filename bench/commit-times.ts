/**
 * "Committed in PostgreSQL" as PostgreSQL itself records it: with
 * track_commit_timestamp on, pg_xact_commit_timestamp(xmin) of a row is the
 * commit time of the transaction that inserted it, in microseconds, from the
 * same system clock as the bench processes' (bench/clock.ts). The setting
 * needs a PostgreSQL restart, so the bench sets it right after the first
 * start and starts the server again.
 */
import pg from 'pg';

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** True when the setting is already live; otherwise sets it for the next start and returns false. */
export function ensureCommitTimestamps(adminUrl: string): Promise<boolean> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ track_commit_timestamp: string }>('SHOW track_commit_timestamp');
    if (rows[0]?.track_commit_timestamp === 'on') return true;
    await c.query('ALTER SYSTEM SET track_commit_timestamp = on');
    return false;
  });
}

/** Commit time (epoch ms) of the transaction that inserted each interaction. */
export function interactionCommitTimes(adminUrl: string, ids: readonly string[]): Promise<Map<string, number>> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ id: string; ms: number }>(
      `SELECT id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8 AS ms
       FROM interactions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.ms]));
  });
}
