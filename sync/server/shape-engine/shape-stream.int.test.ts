/**
 * The engine as the real @electric-sql/client ShapeStream sees it over loopback HTTP:
 * snapshot then live changes, where filters with params (rows moving in and out),
 * column projection, replica modes and value encoding.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupItemsEngine } from '../testing/shape-engine-harness.ts';

const fx = setupItemsEngine();

describe('ShapeStream against the engine', () => {
  it('delivers the snapshot, then live inserts, updates and deletes', async () => {
    const ws = randomUUID();
    const { rows } = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, title, n) SELECT $1, 'item ' || i, i FROM generate_series(1, 25) i RETURNING id`,
      [ws],
    );
    const f = fx.follow(fx.h.shapeUrl, {
      table: 'items',
      where: 'workspace_id = $1',
      params: [ws],
    });
    await f.waitFor(() => f.upToDate && f.rows.size === 25, 10_000, 'snapshot');
    expect(fx.h.engine.shapeStats()).toContainEqual(
      expect.objectContaining({
        table: 'items',
        params: [ws],
        status: 'ready',
        waitingRequests: expect.any(Number),
      }),
    );
    const byId = f.byId();
    expect(byId.get(rows[0]!.id)).toMatchObject({ title: 'item 1', n: 1, workspace_id: ws });

    await fx.db.pool.query(`INSERT INTO items (workspace_id, title, n) VALUES ($1, 'live', 100)`, [
      ws,
    ]);
    await fx.db.pool.query(`UPDATE items SET title = 'renamed' WHERE id = $1`, [rows[1]!.id]);
    await fx.db.pool.query(`DELETE FROM items WHERE id = $1`, [rows[2]!.id]);
    await f.waitFor(
      () => f.rows.size === 25 && f.byId().get(rows[1]!.id)?.title === 'renamed',
      10_000,
      'live changes',
    );
    expect([...f.rows.values()].some((r) => r.title === 'live')).toBe(true);
    expect(f.byId().has(rows[2]!.id)).toBe(false);

    // Live changes carry Electric's replication headers.
    const update = f.changes().find((m) => m.headers.operation === 'update')!;
    expect(update.headers).toMatchObject({
      relation: ['public', 'items'],
      op_position: 0,
      last: true,
    });
    expect(update.headers.lsn).toMatch(/^\d+$/);
    expect((update.headers as { txids?: number[] }).txids?.[0]).toEqual(expect.any(Number));
    // replica=default: key columns plus the changed ones only.
    expect(Object.keys(update.value).sort()).toEqual(['id', 'title']);
    expect(update.key).toBe(`"public"."items"/"${rows[1]!.id}"`);
  });

  it('filters by where with params and turns rows moving in and out into inserts and deletes', async () => {
    const ws = randomUUID();
    const { rows } = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, title, n) VALUES ($1, 'a', 1), ($1, 'b', 5), ($1, 'c', 10), ($2, 'other', 5) RETURNING id`,
      [ws, randomUUID()],
    );
    const f = fx.follow(fx.h.shapeUrl, {
      table: 'items',
      where: 'workspace_id = $1 AND n >= $2 AND title <> $3',
      params: [ws, '5', 'zzz'],
    });
    await f.waitFor(() => f.upToDate, 10_000, 'snapshot');
    expect([...f.rows.values()].map((r) => r.title).sort()).toEqual(['b', 'c']);

    await fx.db.pool.query('UPDATE items SET n = 0 WHERE id = $1', [rows[1]!.id]); // b leaves
    await fx.db.pool.query('UPDATE items SET n = 7 WHERE id = $1', [rows[0]!.id]); // a enters
    await fx.db.pool.query(`UPDATE items SET title = 'zzz' WHERE id = $1`, [rows[2]!.id]); // c leaves by another column
    await fx.db.pool.query(`UPDATE items SET notes = 'x' WHERE id = $1`, [rows[3]!.id]); // other workspace: nothing
    await f.waitFor(() => f.rows.size === 1 && f.byId().has(rows[0]!.id), 10_000, 'moves');

    const ops = f
      .changes()
      .slice(2)
      .map((m) => [m.headers.operation, (m.value as { title?: string }).title ?? null]);
    // The row entering arrives as a full insert; rows leaving as deletes (key columns only).
    expect(ops).toEqual([
      ['delete', null],
      ['insert', 'a'],
      ['delete', null],
    ]);
    expect(f.byId().get(rows[0]!.id)).toMatchObject({ title: 'a', n: 7, workspace_id: ws });
  });

  it('projects columns in the snapshot and in updates', async () => {
    const ws = randomUUID();
    const { rows } = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, title, n, notes) VALUES ($1, 't', 1, 'secret') RETURNING id`,
      [ws],
    );
    const f = fx.follow(fx.h.shapeUrl, {
      table: 'items',
      columns: ['id', 'title'],
      where: `workspace_id = '${ws}'`,
    });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'snapshot');
    expect(f.byId().get(rows[0]!.id)).toEqual({ id: rows[0]!.id, title: 't' });

    await fx.db.pool.query(`UPDATE items SET notes = 'still secret' WHERE id = $1`, [rows[0]!.id]); // not projected: no message
    await fx.db.pool.query(`UPDATE items SET title = 'u', n = 2 WHERE id = $1`, [rows[0]!.id]);
    await f.waitFor(() => f.byId().get(rows[0]!.id)?.title === 'u', 10_000, 'update');
    const changes = f.changes();
    expect(changes).toHaveLength(2); // snapshot insert + one update; the notes-only update was dropped
    expect(changes[1]!.value).toEqual({ id: rows[0]!.id, title: 'u' });
  });

  it('sends full rows and old values with replica=full', async () => {
    const ws = randomUUID();
    const { rows } = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, title, n) VALUES ($1, 'x', 1) RETURNING id`,
      [ws],
    );
    const f = fx.follow(fx.h.shapeUrl, {
      table: 'items',
      where: `workspace_id = '${ws}'`,
      replica: 'full',
    });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'snapshot');
    await fx.db.pool.query(`UPDATE items SET n = 2 WHERE id = $1`, [rows[0]!.id]);
    await fx.db.pool.query(`DELETE FROM items WHERE id = $1`, [rows[0]!.id]);
    await f.waitFor(() => f.rows.size === 0, 10_000, 'delete');
    const [, update, del] = f.changes() as Array<{
      value: Record<string, unknown>;
      old_value?: Record<string, unknown>;
    }>;
    expect(update!.value).toMatchObject({ id: rows[0]!.id, title: 'x', n: 2, workspace_id: ws });
    expect(update!.old_value).toEqual({ n: 1 });
    expect(del!.value).toMatchObject({ title: 'x', n: 2 });
  });

  it('encodes values as PostgreSQL text typed by the schema header, identically in snapshot and stream', async () => {
    const ws = randomUUID();
    const insert = `INSERT INTO items (workspace_id, title, big, price, done, at, tags, meta, notes)
       VALUES ($1, 'v', 9007199254740993, 12.30, true, '2025-03-01 10:20:30.123456+02', '{a,"b c",NULL}', '{"k": [1, 2]}', repeat('long ', 3000))`;
    await fx.db.pool.query(insert, [ws]);
    const f = fx.follow(fx.h.shapeUrl, { table: 'items', where: `workspace_id = '${ws}'` });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'snapshot');
    await fx.db.pool.query(insert, [ws]);
    await f.waitFor(() => f.rows.size === 2, 10_000, 'live row');
    const [a, b] = [...f.rows.values()];
    const { id: _a, ...snapshotRow } = a!;
    const { id: _b, ...liveRow } = b!;
    expect(liveRow).toEqual(snapshotRow);
    expect(snapshotRow).toMatchObject({
      big: 9007199254740993n,
      price: '12.30',
      done: true,
      at: '2025-03-01 08:20:30.123456+00',
      tags: ['a', 'b c', null],
      meta: { k: [1, 2] },
      n: null,
    });
    expect(String(snapshotRow.notes)).toHaveLength(15_000);

    // An update leaving the TOASTed notes unchanged must not lose them.
    await fx.db.pool.query(`UPDATE items SET title = 'w' WHERE workspace_id = $1`, [ws]);
    await f.waitFor(
      () => [...f.rows.values()].every((r) => r.title === 'w'),
      10_000,
      'toast update',
    );
    expect([...f.rows.values()].every((r) => String(r.notes).length === 15_000)).toBe(true);
  });

  it('turns a primary key change into a delete and an insert', async () => {
    const ws = randomUUID();
    const oldId = randomUUID();
    const newId = randomUUID();
    await fx.db.pool.query(`INSERT INTO items (id, workspace_id, title) VALUES ($1, $2, 'k')`, [
      oldId,
      ws,
    ]);
    const f = fx.follow(fx.h.shapeUrl, { table: 'items', where: `workspace_id = '${ws}'` });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'snapshot');
    await fx.db.pool.query('UPDATE items SET id = $1 WHERE id = $2', [newId, oldId]);
    await f.waitFor(() => f.byId().has(newId) && !f.byId().has(oldId), 10_000, 'key change');
    const [del, ins] = f.changes().slice(1);
    expect(del!.headers).toMatchObject({
      operation: 'delete',
      key_change_to: `"public"."items"/"${newId}"`,
    });
    expect(ins!.headers).toMatchObject({
      operation: 'insert',
      key_change_from: `"public"."items"/"${oldId}"`,
      last: true,
    });
    expect(ins!.headers.op_position).toBe(1);
  });
});
