/**
 * Child process of the crash test: makes local changes (and plays the server's
 * answers and stream) in a tight loop until it is killed with SIGKILL.
 * Usage: node --import tsx crash-writer.ts <replica file> <workspace id> <user id>
 * Every change tagged `batch-<pid>-<n>` is three records made in one
 * transaction (organization, contact, interaction), so a half-written change
 * would show as a tag present in one table and not the others.
 */
import { Replica } from '../../../sync/client/replica/index.ts';
import * as c from '../index.ts';

const [file, workspaceId, userId] = process.argv.slice(2) as [string, string, string];
const replica = Replica.open(file, { actorId: userId });
const ctx = { replica, workspaceId, userId };
let txid = Number(process.pid) * 1_000_000;

function orgIds(): string[] {
  return (
    replica
      .prepare(
        `SELECT id FROM organizations WHERE name LIKE 'batch-%' AND deleted_at IS NULL LIMIT 50`,
      )
      .all() as { id: string }[]
  ).map((r) => r.id);
}

for (let i = 1; ; i++) {
  const tag = `batch-${process.pid}-${i}`;
  replica.transaction(() => {
    const org = c.createOrganization(ctx, { name: tag, notes: `made by ${tag}` }).id;
    const contact = c.createContact(ctx, { last_name: tag, organization_id: org }).id;
    c.logInteraction(ctx, {
      interaction_type: 'Note',
      contact_id: contact,
      notes: tag,
      follow_up_date: '2026-04-01',
    });
  });
  const ids = orgIds();
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  if (i % 2 === 0)
    c.updateOrganization(ctx, {
      id: pick(),
      city: `City ${i}`,
      segment: i % 4 === 0 ? null : 'Deli',
    });
  if (i % 5 === 0) {
    // The push loop: some updates rejected, the rest applied.
    const batch = replica.outbox.nextBatch(40);
    replica.outbox.markSent(batch.map((m) => m.mutation_id));
    replica.outbox.recordResults(
      batch.map((m, k) =>
        m.op === 'update' && k % 3 === 0
          ? {
              mutation_id: m.mutation_id,
              status: 'rejected' as const,
              code: 'conflict' as const,
              message: 'test rejection',
            }
          : { mutation_id: m.mutation_id, status: 'applied' as const, txid: String(++txid) },
      ),
    );
  }
  if (i % 7 === 0) {
    // The shape stream delivers what was applied: synced rows written, overlays dropped.
    for (const table of ['organizations', 'contacts', 'interactions'] as const) {
      const applied = replica.outbox.entries({ status: ['applied'], table });
      const changes = applied.map((e) => {
        const { _pending, ...row } = replica.getRow(table, e.row_id) ?? { id: e.row_id };
        void _pending;
        return { op: 'update' as const, row, txids: [e.txid!] };
      });
      replica.fromServer.applyChanges(table, changes, {
        shape: { handle: 'h', offset: `${i}_0` },
        upToDate: true,
      });
    }
  }
  if (i % 11 === 0 && ids.length > 2) c.deleteOrganization(ctx, { id: pick() });
  if (i === 3) process.stdout.write('ready\n');
}
