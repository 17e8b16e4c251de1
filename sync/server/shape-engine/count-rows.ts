/**
 * How many rows a shape's snapshot would hold now: the table, the where plan
 * and the canonical constants are prepared exactly as for a new shape
 * (shape-creator.ts), and the count runs the snapshot's own compiled SQL, so
 * a count cannot differ from what a snapshot taken at the same moment delivers.
 * Read with the engine's connection, like snapshots: the server-decided where
 * clause is what confines it to one workspace. Nothing is created or published.
 */
import type pg from 'pg';
import { loadTableInfo, TableNotFoundError } from './catalog.ts';
import { InvalidRequestError, normalizeDefinition } from './definition.ts';
import { canonicalize } from './shape-creator.ts';
import { planShapeWhere } from './shape.ts';
import { quoteIdent } from './sql-text.ts';
import { compileWhere, MATCH_ALL } from './where-compile.ts';

export async function countShapeRows(pool: pg.Pool, definition: unknown, timeoutMs: number): Promise<number> {
  const def = normalizeDefinition(definition);
  const table = await loadTableInfo(pool, def.table).catch((e: unknown) => {
    throw e instanceof TableNotFoundError ? InvalidRequestError.of('table', e.message) : e;
  });
  const plan = planShapeWhere(def, table);
  const where = plan ? compileWhere(plan, await canonicalize(pool, plan.constants)) : MATCH_ALL;
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${quoteIdent(table.schema)}.${quoteIdent(table.name)} WHERE ${where.sql}`,
      where.sqlParams,
    );
    await client.query('COMMIT');
    return Number(rows[0]!.n);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
