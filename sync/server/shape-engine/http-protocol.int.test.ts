/**
 * Shape responses over HTTP, request by request: headers, caching, chunking, live
 * long-polls, offset=now, 409 on unknown handles, quoted identifiers.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Follower, getShape, SECRET, setupItemsEngine } from '../testing/shape-engine-harness.ts';

type Msg = { headers: Record<string, unknown>; key?: string; value?: Record<string, unknown> };

const fx = setupItemsEngine({ chunkBytes: 10_000, longPollTimeoutMs: 1000 }, [
  `CREATE TABLE "Odd ""Name"" tbl" ("ID" int PRIMARY KEY, "has,comma" text, plain text)`,
]);

const shape = (params: Record<string, string>, init?: RequestInit) =>
  getShape(fx.h.shapeUrl, { secret: SECRET, ...params }, init);

/** Follows a shape with plain requests until up-to-date; returns every message and the last response. */
async function catchUp(params: Record<string, string>) {
  let r = await shape({ ...params, offset: '-1' });
  const responses = [r];
  while (!r.headers.has('electric-up-to-date')) {
    expect(r.status).toBe(200);
    r = await shape({
      ...params,
      offset: r.headers.get('electric-offset')!,
      handle: r.headers.get('electric-handle')!,
    });
    responses.push(r);
  }
  return { responses, last: r, messages: responses.flatMap((x) => x.body as Msg[]) };
}

describe('shape responses', () => {
  it('never ends the first response with up-to-date; ends the catch-up with it; sets Electric headers', async () => {
    const ws = randomUUID();
    await fx.db.pool.query(
      `INSERT INTO items (workspace_id, title, n) VALUES ($1, 'a', 1), ($1, 'b', 2)`,
      [ws],
    );
    const params = {
      table: 'items',
      where: `workspace_id = '${ws}'`,
      'cache-buster': 'x',
      expired_handle: 'y',
      log: 'full',
      custom: 'ignored',
    };
    const first = await shape(
      { ...params, offset: '-1' },
      { headers: { origin: 'http://app.test' } },
    );
    expect(first.status).toBe(200);
    const body = first.body as Msg[];
    expect(body.map((m) => m.headers.operation ?? m.headers.control)).toEqual([
      'insert',
      'insert',
      'snapshot-end',
    ]);
    expect(body[2]!.headers).toMatchObject({
      xmin: expect.stringMatching(/^\d+$/),
      xmax: expect.stringMatching(/^\d+$/),
      xip_list: expect.any(Array),
    });
    expect(first.headers.has('electric-up-to-date')).toBe(false);
    expect(first.headers.get('electric-handle')).toMatch(/^\d+-\d+$/);
    expect(first.headers.get('electric-offset')).toBe('0_2');
    expect(JSON.parse(first.headers.get('electric-schema')!)).toMatchObject({
      id: { type: 'uuid', pk_index: 0, not_null: true },
      price: { type: 'numeric', precision: 10, scale: 2 },
      tags: { type: 'text', dims: 1 },
      done: { type: 'bool', not_null: true },
    });
    expect(first.headers.get('cache-control')).toBe(
      'public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746',
    );
    expect(first.headers.get('access-control-expose-headers')).toContain('electric-handle');
    expect(first.headers.get('etag')).toBeTruthy();

    const second = await shape({
      ...params,
      offset: '0_2',
      handle: first.headers.get('electric-handle')!,
    });
    expect(second.body).toEqual([
      { headers: { control: 'up-to-date', global_last_seen_lsn: expect.stringMatching(/^\d+$/) } },
    ]);
    expect(second.headers.has('electric-up-to-date')).toBe(true);
    expect(second.headers.get('electric-offset')).toBe('0_2');
    expect(second.headers.get('cache-control')).toBe(
      'public, max-age=60, stale-while-revalidate=300',
    );

    // Same first request again: same handle and ETag; revalidation gives 304.
    const again = await shape({ ...params, offset: '-1' });
    expect(again.headers.get('electric-handle')).toBe(first.headers.get('electric-handle'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const revalidated = await shape(
      { ...params, offset: '-1' },
      { headers: { 'if-none-match': first.headers.get('etag')! } },
    );
    expect(revalidated.status).toBe(304);
  });

  it('chunks snapshot and log at the byte threshold, with stable chunk boundaries', async () => {
    const ws = randomUUID();
    await fx.db.pool.query(
      `INSERT INTO items (workspace_id, title, notes) SELECT $1, 'row ' || i, repeat('x', 300) FROM generate_series(1, 120) i`,
      [ws],
    );
    const params = { table: 'items', where: `workspace_id = '${ws}'` };
    const { responses, messages } = await catchUp(params);
    expect(responses.length).toBeGreaterThan(4);
    for (const r of responses.slice(0, -2)) {
      // Each full chunk is closed by the entry that reaches 10,000 bytes.
      expect(r.text.length).toBeGreaterThanOrEqual(10_000);
      expect(r.text.length).toBeLessThan(10_000 + 1000);
    }
    expect(messages.filter((m) => m.key).length).toBe(120);
    // Re-reading a chunk gives the same body and next offset.
    const second = responses[1]!;
    const offsetOfFirst = responses[0]!.headers.get('electric-offset')!;
    const reread = await shape({
      ...params,
      offset: offsetOfFirst,
      handle: second.headers.get('electric-handle')!,
    });
    expect(reread.text).toBe(second.text);
    expect(reread.headers.get('electric-offset')).toBe(second.headers.get('electric-offset'));
    // Snapshot chunks are stored whole: an offset inside one was never issued.
    const inside = await shape({
      ...params,
      offset: '0_1',
      handle: second.headers.get('electric-handle')!,
    });
    expect(inside.status).toBe(400);

    // Large transactions are chunked too; a ShapeStream reassembles everything.
    await fx.db.pool.query(`UPDATE items SET notes = repeat('y', 300) WHERE workspace_id = $1`, [
      ws,
    ]);
    const f = new Follower(fx.h.shapeUrl, params);
    try {
      await f.waitFor(
        () =>
          f.upToDate &&
          f.rows.size === 120 &&
          [...f.rows.values()].every((r) => String(r.notes).startsWith('y')),
        10_000,
        'all rows',
      );
    } finally {
      f.close();
    }
  });

  it('holds a live request until a change arrives, and times out with only up-to-date', async () => {
    const ws = randomUUID();
    const params = { table: 'items', where: `workspace_id = '${ws}'` };
    const { last } = await catchUp(params);
    const handle = last.headers.get('electric-handle')!;
    const offset = last.headers.get('electric-offset')!;

    const started = Date.now();
    const timeout = await shape({ ...params, offset, handle, live: 'true', cursor: '1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(timeout.status).toBe(200);
    expect(timeout.body).toEqual([
      { headers: { control: 'up-to-date', global_last_seen_lsn: expect.stringMatching(/^\d+$/) } },
    ]);
    expect(timeout.headers.get('electric-offset')).toBe(offset);
    expect(Number(timeout.headers.get('electric-cursor'))).toBeGreaterThan(1);
    expect(timeout.headers.get('cache-control')).toBe(
      'public, max-age=5, stale-while-revalidate=5',
    );

    const pending = shape({ ...params, offset, handle, live: 'true' });
    await new Promise((r) => setTimeout(r, 100));
    const wrote = Date.now();
    await fx.db.pool.query(`INSERT INTO items (workspace_id, title) VALUES ($1, 'live')`, [ws]);
    const live = await pending;
    expect(Date.now() - wrote).toBeLessThan(900);
    const msgs = live.body as Msg[];
    expect(msgs.map((m) => m.headers.operation ?? m.headers.control)).toEqual([
      'insert',
      'up-to-date',
    ]);
    expect(live.headers.get('electric-offset')).toBe(`${msgs[0]!.headers.lsn}_0`);
    expect(live.headers.has('electric-cursor')).toBe(true);

    const now = await shape({ ...params, offset: 'now' });
    expect(now.body).toEqual([
      { headers: { control: 'up-to-date', global_last_seen_lsn: expect.any(String) } },
    ]);
    expect(now.headers.get('electric-offset')).toBe(live.headers.get('electric-offset'));
  });

  it('answers 409 with the current handle for an unknown handle or a handle of another shape', async () => {
    const params = { table: 'items', where: `workspace_id = '${randomUUID()}'` };
    const { last } = await catchUp(params);
    const r = await shape({ ...params, offset: '0_0', handle: '123-456' });
    expect(r.status).toBe(409);
    expect(r.body).toEqual([{ headers: { control: 'must-refetch' } }]);
    expect(r.headers.get('electric-handle')).toBe(last.headers.get('electric-handle'));
    const other = await shape({
      table: 'items',
      offset: '0_0',
      handle: last.headers.get('electric-handle')!,
    });
    expect(other.status).toBe(409);
    expect(other.headers.get('electric-handle')).not.toBe(last.headers.get('electric-handle'));
  });

  it('accepts quoted table and column identifiers', async () => {
    await fx.db.pool.query(`INSERT INTO "Odd ""Name"" tbl" VALUES (1, 'a,b', 'p')`);
    const f = new Follower(fx.h.shapeUrl, {
      table: '"Odd ""Name"" tbl"',
      columns: ['ID', 'has,comma'],
    });
    try {
      await f.waitFor(() => f.upToDate && f.rows.size === 1, 10_000, 'quoted shape');
      expect([...f.rows.keys()]).toEqual(['"public"."Odd "Name" tbl"/"1"']);
      expect([...f.rows.values()][0]).toEqual({ ID: 1, 'has,comma': 'a,b' });
    } finally {
      f.close();
    }
  });
});
