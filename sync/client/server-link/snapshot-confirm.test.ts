/**
 * A write the server applied while this table was being downloaded is already
 * in the downloaded rows, and its txid never comes as a change message. The
 * snapshot's visibility (kept with the stream position) confirms it, also when
 * the answer is recorded only after an app restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { uuidv7 } from '../replica/uuidv7.ts';
import { ShapeConsumer, visibleInSnapshot } from './shape-consumer.ts';

let t: TempReplica;
afterEach(() => t.cleanup());

const SNAPSHOT = { xmin: '100', xmax: '105', xip_list: ['103'] } as const;

function consumer(): ShapeConsumer {
  return new ShapeConsumer({
    replica: t.replica,
    table: 'organizations',
    // Nothing listens on port 9: the stream only fails in the background; this test is about the replica.
    shapeUrl: 'http://127.0.0.1:9/v1/shape',
    token: () => 'token',
    streamKey: 'test',
    maxRetryDelayMs: 1000,
    fetchClient: fetch,
    onRows: () => {},
    onUpToDate: () => {},
    onError: () => {},
  });
}

describe('snapshot visibility', () => {
  it('is kept with the stream position and confirms applied writes the snapshot holds, after a restart too', () => {
    t = openTempReplica({ actorId: uuidv7() });
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    const entries = t.replica.outbox.enqueue(
      ids.map((id) => ({
        table: 'organizations' as const,
        op: 'insert' as const,
        row_id: id,
        workspace_id: uuidv7(),
        changes: { name: `Org ${id}` },
      })),
    );
    t.replica.outbox.markSent(entries.map((e) => e.mutation_id));
    t.replica.fromServer.replaceRows('organizations', [], {
      shape: { handle: 'h-1', offset: '0_0' },
      snapshot: { ...SNAPSHOT, xip_list: [...SNAPSHOT.xip_list] },
    });
    expect(JSON.parse(t.replica.fromServer.shapeState('organizations')!.snapshot!)).toEqual(SNAPSHOT);
    // A later stream position keeps it.
    t.replica.fromServer.saveShape('organizations', { handle: 'h-1', offset: '5_0' }, { added: 1 });
    expect(t.replica.fromServer.shapeState('organizations')!.snapshot).not.toBeNull();

    // The app restarts; the answers arrive afterwards: txid 102 committed before the snapshot, 103 was
    // in progress when it was taken, 107 came after.
    t.reopen();
    const c = consumer();
    c.start();
    c.stop();
    t.replica.outbox.recordResults([
      { mutation_id: entries[0]!.mutation_id, status: 'applied', txid: '102' },
      { mutation_id: entries[1]!.mutation_id, status: 'applied', txid: '103' },
      { mutation_id: entries[2]!.mutation_id, status: 'applied', txid: '107' },
    ]);
    c.confirmFromSnapshot();
    expect(t.replica.outbox.entries().map((e) => e.txid)).toEqual(['103', '107']);
  });

  it('compares 32-bit txids within the snapshot epoch', () => {
    const epoch1 = (x: number) => String(2n ** 32n + BigInt(x));
    const snap = { xmin: epoch1(100), xmax: epoch1(105), xip_list: [epoch1(103)] } as never;
    expect(visibleInSnapshot('99', snap)).toBe(true);
    expect(visibleInSnapshot('103', snap)).toBe(false);
    expect(visibleInSnapshot('105', snap)).toBe(false);
  });

  it('confirms across an epoch boundary, by the same rule as the server (it confirmed nothing there)', () => {
    const at = (epoch: bigint, x: number) => String((epoch << 32n) + BigInt(x));
    const snap = { xmin: at(1n, 0xffff_fff0), xmax: at(2n, 10), xip_list: [at(2n, 5)] } as never;
    expect(visibleInSnapshot(String(0xffff_fff8), snap)).toBe(true);
    expect(visibleInSnapshot('4', snap)).toBe(true);
    expect(visibleInSnapshot('5', snap)).toBe(false);
    expect(visibleInSnapshot('10', snap)).toBe(false);
  });
});
