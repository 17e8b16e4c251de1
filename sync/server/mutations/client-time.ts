/**
 * The client's time where a mutation dates what the user did (issue 12): an
 * opportunity created or moved to another stage is dated by the mutation's
 * created_at (the device clock when the user made the change), not by when the
 * server received it; an interaction's interaction_date must not lie in the
 * future. Both pass sync/schema's plausibility rule (client-time-rules.ts)
 * against the server's clock first, or the mutation is rejected with the
 * reason, the field named.
 *
 * The accepted time reaches the stage trigger (0017) as the transaction-local
 * setting crm.client_time, set inside the mutation's savepoint: a rejected
 * mutation's rollback undoes it, and the next mutation of the group sets its own.
 */
import type pg from 'pg';
import { clientTimeIssue, happenedAtIssue } from '../../schema/client-time-rules.ts';
import type { ClientMutation } from '../../schema/mutations.ts';
import type { TableName } from '../../schema/tables.ts';
import type { Rejection } from './pg-rejection.ts';

/**
 * Checks the times `fields` (the validated insert row or update set) date, and hands
 * the client time to the transaction when the change moves a stage. A rejection when
 * one is implausible, else undefined.
 */
export async function takeClientTime(
  client: pg.ClientBase,
  table: TableName,
  m: ClientMutation,
  fields: Record<string, unknown>,
  serverNowMs = Date.now(),
): Promise<Rejection | undefined> {
  if (table === 'interactions' && typeof fields.interaction_date === 'string') {
    const issue = happenedAtIssue(fields.interaction_date, serverNowMs);
    if (issue) return { code: 'invalid', message: issue, field: 'interaction_date' };
  }
  const datesStage = table === 'opportunities' && (m.op === 'insert' || 'stage' in fields);
  if (!datesStage) return undefined;
  const issue = clientTimeIssue(m.created_at, serverNowMs);
  if (issue) return { code: 'invalid', message: issue, field: 'created_at' };
  await client.query(`SELECT set_config('crm.client_time', $1, true)`, [m.created_at]);
  return undefined;
}
