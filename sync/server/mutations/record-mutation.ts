/**
 * One mutation, exactly once, in its own transaction on the batch's connection:
 *
 *   as the login role: look up (device, mutation_id)
 *     seen, same payload hash (or none stored) -> answer the stored result
 *     seen, another payload                    -> rejected `conflict` (the id was reused)
 *   as crm_user + crm.user_id: run it inside a savepoint (rolled back when rejected)
 *   as the login role: record the result with the payload hash, then COMMIT
 *
 * so the change and its record commit together: a replay (the response was
 * lost) is answered from the record and applies nothing twice.
 *
 * A data error (SQLSTATE class 22 or 23) is the mutation's fault wherever it
 * happens, in its statements or in writing its record (a value jsonb or
 * timestamptz cannot take): it becomes that mutation's rejection with the
 * reason, never an error of the batch. What is recorded is made storable
 * first (mutation-payload.ts), so the record of a rejection always fits.
 */
import type pg from 'pg';
import { mutationResponse, type ClientMutation, type MutationResult } from '../../schema/mutations.ts';
import type { TableName } from '../../schema/tables.ts';
import type { Session } from '../auth/sessions.ts';
import { becomeUser, isPgError, type PgError } from '../database/as-user.ts';
import { runMutation, type Outcome } from './apply-mutation.ts';
import { mutationPayload, storableText, type MutationPayload } from './mutation-payload.ts';
import { constraintColumns, isDataError, isRetryable, rejectionFromPgError } from './pg-rejection.ts';

const MAX_ATTEMPTS = 4;

function toResult(mutationId: string, o: Outcome, txid: string | null): MutationResult {
  if (o.status === 'applied') return { mutation_id: mutationId, status: 'applied', txid: txid!, ...(o.changed ? {} : { unchanged: true }) };
  return { mutation_id: mutationId, status: 'rejected', code: o.code, message: o.message, ...(o.field ? { field: o.field } : {}) };
}

interface StoredRow {
  status: string;
  txid: string | null;
  code: string | null;
  message: string | null;
  field: string | null;
  unchanged: boolean;
  payload_hash: string | null;
}

const storedResult = (r: StoredRow, id: string) =>
  mutationResponse.shape.results.element.parse(
    r.status === 'applied'
      ? { mutation_id: id, status: 'applied', txid: r.txid, ...(r.unchanged ? { unchanged: true } : {}) }
      : { mutation_id: id, status: 'rejected', code: r.code, message: r.message ?? '', ...(r.field ? { field: r.field } : {}) },
  );

/** Date/time values PostgreSQL could not take while recording: only created_at is one. */
const DATETIME_ERRORS = new Set(['22007', '22008', '22009']);

async function record(
  client: pg.PoolClient, session: Session, m: ClientMutation, payload: MutationPayload,
  outcome: Outcome, txid: string | null, createdAt: string | null,
): Promise<void> {
  const r = outcome.status === 'rejected' ? outcome : undefined;
  await client.query('SELECT crm.mutation_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)', [
    session.deviceId, m.mutation_id, session.workspaceId, session.userId, m.table, m.op, m.row_id,
    payload.storable, outcome.status, txid, r?.code ?? null, storableText(r?.message), storableText(r?.field), createdAt,
    outcome.status === 'applied' && !outcome.changed, payload.hash,
  ]);
}

async function rejectionOf(client: pg.PoolClient, m: ClientMutation, err: PgError): Promise<Outcome | undefined> {
  const rejection = rejectionFromPgError(m.table as TableName, err, await constraintColumns(client, err.constraint));
  if (!rejection) return undefined;
  // A refused update of a single field is about that field, whatever the constraint is called.
  const sent = Object.keys(m.changes ?? {});
  if (!rejection.field && m.op === 'update' && sent.length === 1) rejection.field = sent[0];
  // A rule of another table enforced here (`products_principal_is_principal`) ends with the sent field it is about.
  if (!rejection.field && err.constraint) rejection.field = sent.find((f) => err.constraint!.endsWith(`_${f}`));
  if (!rejection.field) delete rejection.field;
  return { status: 'rejected', ...rejection };
}

async function applyOnce(client: pg.PoolClient, session: Session, m: ClientMutation, payload: MutationPayload): Promise<MutationResult> {
  await client.query('BEGIN');
  const seen = await client.query<StoredRow>('SELECT * FROM crm.mutation_lookup($1, $2)', [session.deviceId, m.mutation_id]);
  if (seen.rows[0]) {
    await client.query('ROLLBACK');
    const stored = seen.rows[0];
    if (stored.payload_hash !== null && stored.payload_hash !== payload.hash) {
      return {
        mutation_id: m.mutation_id, status: 'rejected', code: 'conflict', field: 'mutation_id',
        message: 'this mutation_id was already used for a different change on this device; send the change with a new mutation_id',
      };
    }
    return storedResult(stored, m.mutation_id);
  }
  await becomeUser(client, session.userId);
  await client.query('SAVEPOINT mutation');
  let outcome: Outcome;
  try {
    outcome = await runMutation(client, session.workspaceId, m);
  } catch (err) {
    if (!isPgError(err) || isRetryable(err)) throw err;
    await client.query('ROLLBACK TO SAVEPOINT mutation');
    const rejected = await rejectionOf(client, m, err);
    if (!rejected) throw err;
    outcome = rejected;
  }
  let txid: string | null = null;
  if (outcome.status === 'applied') {
    txid = (await client.query<{ txid: string }>('SELECT pg_current_xact_id()::xid::text AS txid')).rows[0]!.txid;
  } else {
    await client.query('ROLLBACK TO SAVEPOINT mutation');
  }
  // Back to the login role: only it may write the mutation log.
  await client.query('RESET ROLE');
  try {
    await record(client, session, m, payload, outcome, txid, m.created_at);
  } catch (err) {
    // A duplicate record is another request's (the caller retries); anything but a data error is not the client's.
    if (!isPgError(err) || !isDataError(err) || err.constraint === 'mutation_log_pkey') throw err;
    // The change must not commit without its record: undo it and record the refusal instead.
    await client.query('ROLLBACK TO SAVEPOINT mutation');
    await client.query('RESET ROLE');
    const field = DATETIME_ERRORS.has(err.code) ? 'created_at' : undefined;
    outcome = { status: 'rejected', code: 'invalid', message: `this change could not be recorded: ${err.message}`, ...(field ? { field } : {}) };
    txid = null;
    await record(client, session, m, payload, outcome, null, field ? null : m.created_at);
  }
  await client.query('COMMIT');
  return toResult(m.mutation_id, outcome, txid);
}

/** Applies (or answers from the record) one mutation; retries transient failures. */
export async function applyMutation(client: pg.PoolClient, session: Session, m: ClientMutation): Promise<MutationResult> {
  const payload = mutationPayload(m);
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(client, session, m, payload);
    } catch (err) {
      await client.query('ROLLBACK');
      // Serialization failures and deadlocks are transient; a duplicate record means another
      // request stored this mutation first, and the next attempt answers its stored result.
      const again = isPgError(err) && (isRetryable(err) || (err.code === '23505' && err.constraint === 'mutation_log_pkey'));
      if (!again || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
