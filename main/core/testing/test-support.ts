/** Test setup for the core: a real replica file with a workspace, its members, and helpers to act as the server. */
import type { TableName } from '../../../sync/schema/index.ts';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import {
  openTempReplica,
  testClock,
  type TempReplica,
} from '../../../sync/client/testing/temp-replica.ts';
import type { CoreContext } from '../context.ts';
import { deliverDerivedLinks } from './server-derived-links.ts';
import { deliverOpportunityPrincipals } from './server-opportunity-principals.ts';

export interface TestCore {
  ctx: CoreContext;
  t: TempReplica;
  clock: ReturnType<typeof testClock>;
  workspaceId: string;
  userId: string;
  /** Writes rows as the server would (through the server-apply path). */
  serverInsert(table: TableName, rows: Record<string, unknown>[]): void;
  /** Confirms everything in the outbox: answers applied and delivers the rows, as a round trip to the server would. */
  syncAll(): void;
  cleanup(): void;
}

export function openTestCore(start = '2026-03-02T10:00:00.000Z'): TestCore {
  const clock = testClock(start);
  const workspaceId = uuidv7();
  const userId = uuidv7();
  const t = openTempReplica({ actorId: userId, clock: clock.clock });
  const stamp = {
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    deleted_at: null,
  };
  t.replica.fromServer.applyChanges('workspaces', [
    { op: 'insert', row: { id: workspaceId, name: 'Acme Brokers', ...stamp } },
  ]);
  t.replica.fromServer.applyChanges('users', [
    {
      op: 'insert',
      row: { id: userId, email: 'rep@acme.test', display_name: 'Riley Rep', disabled_at: null },
    },
  ]);
  t.replica.fromServer.applyChanges('workspace_members', [
    {
      op: 'insert',
      row: { id: uuidv7(), workspace_id: workspaceId, user_id: userId, role: 'rep', ...stamp },
    },
  ]);
  let txid = 1000;
  const core: TestCore = {
    ctx: { replica: t.replica, workspaceId, userId },
    t,
    clock,
    workspaceId,
    userId,
    serverInsert(table, rows) {
      t.replica.fromServer.applyChanges(
        table,
        rows.map((row) => ({ op: 'insert' as const, row })),
      );
    },
    syncAll() {
      const r = t.replica;
      const batch = r.outbox.nextBatch();
      r.outbox.markSent(batch.map((m) => m.mutation_id));
      const byTable = new Map<TableName, { id: string; txid: string }[]>();
      r.outbox.recordResults(
        batch.map((m) => {
          const id = String(++txid);
          byTable.set(m.table, [...(byTable.get(m.table) ?? []), { id: m.row_id, txid: id }]);
          return { mutation_id: m.mutation_id, status: 'applied' as const, txid: id };
        }),
      );
      // The server's rows are what the overlay shows (a test server that adds nothing of its own).
      for (const [table, rows] of byTable) {
        const changes = rows.map(({ id, txid: x }) => {
          const row = r.getRow(table, id)!;
          const { _pending, ...values } = row;
          void _pending;
          return { op: 'update' as const, row: values, txids: [x] };
        });
        r.fromServer.applyChanges(table, changes);
      }
      // Except the links its triggers derive, as the real server's stream delivers them.
      deliverDerivedLinks(r, workspaceId);
      deliverOpportunityPrincipals(r, workspaceId);
    },
    cleanup() {
      t.cleanup();
    },
  };
  return core;
}
