/**
 * A table dropped under a shape: the long poll waiting on it, and the requests
 * after it, get a 409 must-refetch or a 4xx (the table is gone), never a 500.
 * Also the step that raced the drop: publishing a table that no longer exists.
 */
import { describe, expect, it } from 'vitest';
import { ensureTablePublished, loadTableInfo, TableNotFoundError } from './catalog.ts';
import { getShape, SECRET, setupItemsEngine } from '../testing/shape-engine-harness.ts';

const fx = setupItemsEngine({}, [
  'CREATE TABLE doomed (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL)',
  'CREATE TABLE vanishing (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL)',
]);

describe('a dropped table', () => {
  it('ends the long poll waiting on it with a 409 or a 4xx, and later requests too', async () => {
    await fx.db.pool.query('INSERT INTO doomed (n) VALUES (1), (2)');
    const params = { table: 'doomed', secret: SECRET };
    const first = await getShape(fx.h.shapeUrl, { ...params, offset: '-1' });
    expect(first.status).toBe(200);
    const handle = first.headers.get('electric-handle')!;
    let offset = first.headers.get('electric-offset')!;
    // Catch up until up to date, then wait live.
    for (let i = 0; i < 10; i++) {
      const r = await getShape(fx.h.shapeUrl, { ...params, offset, handle });
      offset = r.headers.get('electric-offset') ?? offset;
      if (r.headers.get('electric-up-to-date') !== null) break;
    }
    const waiting = getShape(fx.h.shapeUrl, { ...params, offset, handle, live: 'true' }, { signal: AbortSignal.timeout(30_000) });
    await new Promise((r) => setTimeout(r, 200));
    await fx.db.pool.query('DROP TABLE doomed');
    const answer = await waiting;
    expect([200, 409].includes(answer.status) || (answer.status >= 400 && answer.status < 500), `${answer.status} ${answer.text}`).toBe(true);
    // Whatever the long poll said, the table is gone from now on: 4xx (or must-refetch), never 500.
    for (let i = 0; i < 5; i++) {
      const again = await getShape(fx.h.shapeUrl, { ...params, offset, handle, live: 'true' }, { signal: AbortSignal.timeout(30_000) });
      expect(again.status, again.text).not.toBeGreaterThanOrEqual(500);
      if (again.status >= 400 && again.status !== 409) break;
    }
    const fresh = await getShape(fx.h.shapeUrl, { ...params, offset: '-1' });
    expect(fresh.status, fresh.text).toBeLessThan(500);
  });

  it('says the table is gone when it is dropped between reading and publishing it', async () => {
    const info = await loadTableInfo(fx.db.pool, 'vanishing');
    await fx.db.pool.query('DROP TABLE vanishing');
    await expect(ensureTablePublished(fx.db.pool, 'pantry_shapes_test', info)).rejects.toBeInstanceOf(TableNotFoundError);
  });
});
