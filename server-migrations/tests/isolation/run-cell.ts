/**
 * Executes one matrix cell as its caller (actAs: crm_user + crm.user_id, rolled
 * back) and checks the outcome against the database's own view of the row.
 *
 * The check reads as the superuser INSIDE the caller's transaction: the test
 * pool logs in as a superuser, so RESET ROLE drops crm_user for a moment and
 * SET LOCAL ROLE takes it back. Reading afterwards from another connection
 * would prove nothing, because every cell is rolled back.
 *
 * allow: select sees the row; insert leaves the new row; update changes the
 *        column on exactly one row; delete removes exactly one row.
 * deny:  select sees zero rows (or is refused with 42501) while the row exists;
 *        insert fails with 42501 and leaves nothing; update/delete either fail
 *        with 42501 or affect zero rows, and the row is still there, unchanged.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import type { Cell } from './matrix.ts';
import { PROBES } from './probes.ts';
import { callerId, type World } from './world.ts';

export interface Attempt {
  error: { code: string; message: string } | null;
  rowCount: number;
}

/** Runs a statement under a savepoint: its error (the transaction survives it) or its row count. */
export async function attempt(
  client: pg.PoolClient,
  sql: string,
  params: unknown[] = [],
): Promise<Attempt> {
  await client.query('SAVEPOINT cell');
  try {
    const res = await client.query(sql, params);
    await client.query('RELEASE SAVEPOINT cell');
    return { error: null, rowCount: res.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT cell');
    const e = err as { code?: string; message: string };
    return { error: { code: e.code ?? 'unknown', message: e.message }, rowCount: 0 };
  }
}

/** Runs fn with the superuser's eyes (no RLS) inside the current crm_user transaction. */
export async function asSuperuser<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('RESET ROLE');
  try {
    return await fn();
  } finally {
    await client.query('SET LOCAL ROLE crm_user');
  }
}

/** How many rows match, seen by the superuser inside the same transaction. */
export async function trueCount(
  client: pg.PoolClient,
  sql: string,
  params: unknown[],
): Promise<number> {
  return asSuperuser(client, async () => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${sql}) s`,
      params,
    );
    return rows[0]?.n ?? -1;
  });
}

/** A refusal: 42501 is both "permission denied" and "new row violates row-level security policy". */
function expectRefused(a: Attempt, label: string): void {
  if (a.error) expect(a.error.code, `${label}: ${a.error.message}`).toBe('42501');
  else expect(a.rowCount, `${label}: no error, so it must affect no row`).toBe(0);
}

export async function runCell(pool: pg.Pool, w: World, cell: Cell): Promise<void> {
  const { table, op, caller, expected } = cell;
  const probe = PROBES[table];
  const label = `${caller} ${op} ${table}`;
  const target = probe.target(w);
  const byKey = `SELECT 1 FROM ${table} WHERE ${probe.key} = $1`;
  const changed = `SELECT 1 FROM ${table} WHERE ${probe.key} = $1 AND ${probe.update.column} IS NOT DISTINCT FROM $2`;

  await actAs(pool, callerId(w, caller), async (client) => {
    // The target exists for real, so a zero-row outcome below means "hidden", never "missing".
    expect(await trueCount(client, byKey, [target]), `${label}: fixture row`).toBe(1);

    switch (op) {
      case 'select': {
        const a = await attempt(client, byKey, [target]);
        if (expected === 'allow') {
          expect(a.error, label).toBeNull();
          expect(a.rowCount, `${label}: row visible`).toBe(1);
        } else {
          expectRefused(a, label);
        }
        return;
      }
      case 'insert': {
        const ins = probe.insert(w);
        const a = await attempt(client, ins.sql, ins.params);
        const present = await trueCount(client, byKey, [ins.key]);
        if (expected === 'allow') {
          expect(a.error, `${label}: ${a.error?.message}`).toBeNull();
          expect(present, `${label}: new row stored`).toBe(1);
        } else {
          expect(
            a.error?.code,
            `${label}: must fail with 42501, got ${a.error?.message ?? 'success'}`,
          ).toBe('42501');
          expect(present, `${label}: nothing stored`).toBe(0);
        }
        return;
      }
      case 'update': {
        const { column, value } = probe.update;
        expect(
          await trueCount(client, changed, [target, value]),
          `${label}: value not there yet`,
        ).toBe(0);
        const a = await attempt(
          client,
          `UPDATE ${table} SET ${column} = $2 WHERE ${probe.key} = $1`,
          [target, value],
        );
        const now = await trueCount(client, changed, [target, value]);
        if (expected === 'allow') {
          expect(a.error, `${label}: ${a.error?.message}`).toBeNull();
          expect(a.rowCount, `${label}: one row updated`).toBe(1);
          expect(now, `${label}: column changed`).toBe(1);
        } else {
          expectRefused(a, label);
          expect(now, `${label}: column unchanged`).toBe(0);
          expect(await trueCount(client, byKey, [target]), `${label}: row still there`).toBe(1);
        }
        return;
      }
      case 'delete': {
        const a = await attempt(client, `DELETE FROM ${table} WHERE ${probe.key} = $1`, [target]);
        const left = await trueCount(client, byKey, [target]);
        if (expected === 'allow') {
          expect(a.error, `${label}: ${a.error?.message}`).toBeNull();
          expect(a.rowCount, `${label}: one row deleted`).toBe(1);
          expect(left, `${label}: row gone`).toBe(0);
        } else {
          expectRefused(a, label);
          expect(left, `${label}: row still there`).toBe(1);
        }
        return;
      }
    }
  });
}
