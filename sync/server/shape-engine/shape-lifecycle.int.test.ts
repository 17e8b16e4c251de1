/**
 * Shapes over time: writes racing the snapshot, resuming after an engine restart, and the
 * ways a shape ends (DELETE, schema change, TRUNCATE, eviction) seen by a real ShapeStream.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Follower, getShape, SECRET, setupItemsEngine, startHarness } from '../testing/shape-engine-harness.ts';

const fx = setupItemsEngine();

async function tableState(ws: string): Promise<Map<string, number>> {
  const { rows } = await fx.db.pool.query<{ id: string; n: number }>(
    'SELECT id, n FROM items WHERE workspace_id = $1',
    [ws],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

describe('shape lifecycle', () => {
  it('joins snapshot and stream without a gap or a duplicate while writes race the snapshot', async () => {
    const ws = randomUUID();
    const seeded = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, n) SELECT $1, 0 FROM generate_series(1, 3000) RETURNING id`,
      [ws],
    );
    const ids = seeded.rows.map((r) => r.id);
    const pick = () => ids.splice(Math.floor(Math.random() * ids.length), 1)[0]!;
    let writing = true;
    let writes = 0;
    // Three writers; each transaction inserts a row, updates one and deletes another.
    const writer = async () => {
      while (writing) {
        const [upd, del] = [pick(), pick()];
        ids.push(upd);
        await fx.db.pool.query(
          `WITH ins AS (INSERT INTO items (workspace_id, n) VALUES ($1, 1)),
                upd AS (UPDATE items SET n = n + 1 WHERE id = $2)
           DELETE FROM items WHERE id = $3`,
          [ws, upd, del],
        );
        writes++;
      }
    };
    const writers = Promise.all([writer(), writer(), writer()]);
    await new Promise((r) => setTimeout(r, 50));
    const f = fx.follow(fx.h.shapeUrl, {
      table: 'items',
      where: 'workspace_id = $1',
      params: [ws],
    });
    await f.waitFor(() => f.upToDate, 15_000, 'first up-to-date');
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writers;
    expect(writes).toBeGreaterThan(50);
    const expected = await tableState(ws);
    await f.waitFor(
      () =>
        f.rows.size === expected.size && [...f.byId()].every(([id, r]) => expected.get(id) === r.n),
      15_000,
      'convergence',
    );
    // No key was ever inserted twice without a delete in between (a duplicate would show here).
    const live = new Set<string>();
    for (const m of f.changes()) {
      if (m.headers.operation === 'insert') {
        expect(live.has(m.key)).toBe(false);
        live.add(m.key);
      } else if (m.headers.operation === 'delete') {
        expect(live.delete(m.key)).toBe(true);
      } else {
        expect(live.has(m.key)).toBe(true);
      }
    }
  });

  it('lets a client resume from its handle and offset after an engine restart, without a 409', async () => {
    const ws = randomUUID();
    const { rows } = await fx.db.pool.query<{ id: string }>(
      `INSERT INTO items (workspace_id, title) SELECT $1, 't' || i FROM generate_series(1, 5) i RETURNING id`,
      [ws],
    );
    const params = { table: 'items', where: `workspace_id = '${ws}'` };
    const first = fx.follow(fx.h.shapeUrl, params);
    await first.waitFor(() => first.upToDate && first.rows.size === 5, 10_000, 'initial sync');
    await fx.db.pool.query(`UPDATE items SET title = 'before restart' WHERE id = $1`, [
      rows[0]!.id,
    ]);
    await first.waitFor(
      () => first.byId().get(rows[0]!.id)?.title === 'before restart',
      10_000,
      'pre-restart change',
    );
    const handle = first.stream.shapeHandle!;
    const offset = first.stream.lastOffset;
    first.close();

    await fx.h.stop();
    // Written while the engine is down: must come from the slot on restart.
    await fx.db.pool.query(`UPDATE items SET title = 'while down' WHERE id = $1`, [rows[1]!.id]);
    await fx.db.pool.query(`DELETE FROM items WHERE id = $1`, [rows[2]!.id]);
    fx.h = await fx.h.restart();
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'after restart')`, [
      ws,
    ]);

    const resumed = fx.follow(fx.h.shapeUrl, params, { handle, offset });
    await resumed.waitFor(() => resumed.changes().length >= 3, 10_000, 'resumed changes');
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.mustRefetches).toBe(0);
    expect(resumed.stream.shapeHandle).toBe(handle);
    const seen = resumed
      .changes()
      .map((m) => [m.headers.operation, (m.value as { title?: string }).title ?? null]);
    expect(seen).toEqual([
      ['update', 'while down'],
      ['delete', null],
      ['insert', 'after restart'],
    ]);
  });

  it('rotates a deleted shape: the client gets must-refetch and a fresh snapshot', async () => {
    const ws = randomUUID();
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'x')`, [ws]);
    const params = { table: 'items', where: `workspace_id = '${ws}'` };
    const f = fx.follow(fx.h.shapeUrl, params);
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'sync');
    const oldHandle = f.stream.shapeHandle!;
    const url = new URL(fx.h.shapeUrl);
    for (const [k, v] of Object.entries({ ...params, secret: SECRET, handle: oldHandle }))
      url.searchParams.set(k, v);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(202);
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'y')`, [ws]);
    await f.waitFor(
      () => f.mustRefetches === 1 && f.upToDate && f.rows.size === 2,
      10_000,
      'refetch',
    );
    expect(f.stream.shapeHandle).not.toBe(oldHandle);
    expect(
      (
        await getShape(fx.h.shapeUrl, {
          ...params,
          secret: SECRET,
          offset: '0_0',
          handle: oldHandle,
        })
      ).status,
    ).toBe(409);
  });

  it('rotates the shapes of a table whose columns change, and after a TRUNCATE', async () => {
    await fx.db.pool.query(`CREATE TABLE evolving (id int PRIMARY KEY, a text)`);
    await fx.db.pool.query(`INSERT INTO evolving VALUES (1, 'one')`);
    const f = fx.follow(fx.h.shapeUrl, { table: 'evolving' });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'sync');

    await fx.db.pool.query(`ALTER TABLE evolving ADD COLUMN b int DEFAULT 7`);
    await fx.db.pool.query(`INSERT INTO evolving VALUES (2, 'two', 8)`);
    await f.waitFor(
      () => f.mustRefetches === 1 && f.upToDate && f.rows.size === 2,
      10_000,
      'schema change refetch',
    );
    expect([...f.rows.values()].map((r) => r.b).sort()).toEqual([7, 8]);

    await fx.db.pool.query(`TRUNCATE evolving`);
    await fx.db.pool.query(`INSERT INTO evolving VALUES (3, 'three', 9)`);
    await f.waitFor(
      () => f.mustRefetches === 2 && f.upToDate && f.rows.size === 1,
      10_000,
      'truncate refetch',
    );
    expect([...f.rows.values()][0]).toMatchObject({ id: 3 });
  });

  it('serves partitioned tables through their root', async () => {
    await fx.db.pool.query(
      `CREATE TABLE events (id int, day date, label text, PRIMARY KEY (id, day)) PARTITION BY RANGE (day)`,
    );
    await fx.db.pool.query(
      `CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`,
    );
    await fx.db.pool.query(
      `CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
    );
    await fx.db.pool.query(`INSERT INTO events VALUES (1, '2025-05-01', 'a')`);
    const f = fx.follow(fx.h.shapeUrl, { table: 'events', where: `day >= '2025-01-01'` });
    await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'sync');
    await fx.db.pool.query(`INSERT INTO events VALUES (2, '2026-02-01', 'b')`);
    await fx.db.pool.query(`UPDATE events SET label = 'a2' WHERE id = 1`);
    await f.waitFor(
      () => f.rows.size === 2 && [...f.rows.values()].some((r) => r.label === 'a2'),
      10_000,
      'partition changes',
    );
    expect([...f.rows.keys()].sort()).toEqual([
      '"public"."events"/"1"/"2025-05-01"',
      '"public"."events"/"2"/"2026-02-01"',
    ]);
  });

  it('sends only changes after creation for log=changes_only', async () => {
    const ws = randomUUID();
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'old')`, [ws]);
    const f = fx.follow(
      fx.h.shapeUrl,
      { table: 'items', where: `workspace_id = '${ws}'` },
      { log: 'changes_only' },
    );
    await f.waitFor(() => f.upToDate, 10_000, 'sync');
    expect(f.rows.size).toBe(0);
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'new')`, [ws]);
    await f.waitFor(() => f.rows.size === 1, 10_000, 'new row');
    expect([...f.rows.values()][0]).toMatchObject({ title: 'new' });
  });

  it('evicts shapes nobody asked for: their handle then answers 409', async () => {
    const e = await startHarness(fx.db, {
      evictAfterMs: 300,
      slotName: `shapes_evict_${fx.db.name}`,
      publicationName: 'pantry_shapes_evict',
    });
    try {
      const params = { table: 'items', where: `workspace_id = '${randomUUID()}'`, secret: SECRET };
      const first = await getShape(e.shapeUrl, { ...params, offset: '-1' });
      const handle = first.headers.get('electric-handle')!;
      await new Promise((r) => setTimeout(r, 1300));
      const after = await getShape(e.shapeUrl, { ...params, offset: '0_0', handle });
      expect(after.status).toBe(409);
      expect(after.headers.get('electric-handle')).not.toBe(handle);
    } finally {
      await e.destroy();
    }
  });
});

describe('log compaction', () => {
  it('rotates a shape whose change log outgrows maxLogBytes: the client refetches a compact snapshot', async () => {
    const c = await startHarness(fx.db, {
      maxLogBytes: 4096,
      slotName: `shapes_compact_${fx.db.name}`,
      publicationName: 'pantry_shapes_compact',
    });
    const followed: Follower[] = [];
    try {
      const ws = randomUUID();
      const { rows } = await fx.db.pool.query<{ id: string }>(
        `INSERT INTO items (workspace_id, n) VALUES ($1, 0) RETURNING id`,
        [ws],
      );
      const f = new Follower(c.shapeUrl, { table: 'items', where: `workspace_id = '${ws}'` });
      followed.push(f);
      await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'sync');
      for (let i = 1; i <= 40; i++) {
        await fx.db.pool.query(`UPDATE items SET n = $2, notes = repeat('z', 100) WHERE id = $1`, [
          rows[0]!.id,
          i,
        ]);
      }
      await f.waitFor(
        () => f.mustRefetches >= 1 && f.upToDate && f.byId().get(rows[0]!.id)?.n === 40,
        10_000,
        'refetch',
      );
    } finally {
      followed.forEach((f) => f.close());
      await c.destroy();
    }
  });
});
