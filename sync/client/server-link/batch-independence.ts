/**
 * Whether a batch may leave before the answer to the one ahead of it
 * (push-loop.ts pipelines at most two). The server applies a device's batches
 * one at a time in arrival order (batch-gate.ts), but two requests on two
 * sockets may arrive in either order, and the first may fail (offline, 5xx,
 * 429) while the second is applied: then the second's mutations reach the
 * database before the first's. That is harmless only when no mutation of one
 * batch touches or names a record the other batch writes: an update of a row
 * the other creates, an interaction pointing at a contact the other creates or
 * deletes, two edits of one row. So: the records each batch writes (its row
 * ids) must not appear anywhere in the other batch, neither as a row id nor as
 * a value in its changes (a foreign key). Anything else waits for the answer,
 * as every batch did before.
 */
import type { ClientMutation } from '../../schema/mutations.ts';

/** Every string a batch names: its row ids and the string values of its changes (foreign keys among them). */
function namedValues(batch: readonly ClientMutation[]): Set<string> {
  const out = new Set<string>();
  for (const m of batch) {
    out.add(m.row_id.toLowerCase());
    for (const v of Object.values(m.changes ?? {})) if (typeof v === 'string') out.add(v.toLowerCase());
  }
  return out;
}

function writesNone(batch: readonly ClientMutation[], named: ReadonlySet<string>): boolean {
  return batch.every((m) => !named.has(m.row_id.toLowerCase()));
}

/** True when neither batch writes a record the other one writes or refers to: their order cannot matter. */
export function independentBatches(first: readonly ClientMutation[], second: readonly ClientMutation[]): boolean {
  return writesNone(first, namedValues(second)) && writesNone(second, namedValues(first));
}
