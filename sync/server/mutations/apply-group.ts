/**
 * A group of a batch's mutations (at most GROUP_SIZE, taking at most
 * SAVEPOINTS_PER_GROUP savepoints), applied in order in one transaction on the
 * batch's connection, each exactly once:
 *
 *   BEGIN
 *   look up the group's ids in the log                         1 statement for the group
 *     seen, same payload hash (or none stored) -> the stored result
 *     seen, another payload                    -> rejected `conflict` (the id was reused)
 *   set crm.user_id, take the transaction id                   1 statement for the group
 *   per run of same-shaped creates or updates of a table (apply-set.ts):
 *                 SAVEPOINT + SET LOCAL ROLE crm_user           1 round trip
 *                 one INSERT/UPDATE for the run (+1 read for updates)
 *                 the statement refused -> ROLLBACK TO SAVEPOINT, and the
 *                             run is tried again in halves, down to one
 *                             mutation at a time (below), so only the one
 *                             at fault is rejected
 *   per other mutation: SAVEPOINT + SET LOCAL ROLE crm_user     1 round trip
 *                 its statement(s) under RLS (apply-mutation)   1-2 round trips
 *                 rejected -> ROLLBACK TO SAVEPOINT: nothing of it stays,
 *                             and the group ends after it (below)
 *   back to the login role, record every result                1 statement for the group
 *   COMMIT
 *
 * so each change commits with its record, and a replay (the answer was lost)
 * is answered from the record and applies nothing twice. Every applied
 * mutation of a group answers the group's transaction id: the shape stream
 * carries that id on each of their changes.
 *
 * Why at most 64 savepoints: a savepoint keeps each run's or mutation's
 * failure apart, and PostgreSQL caches 64 subtransaction ids per backend
 * (PGPROC_MAX_CACHED_SUBXIDS), beyond which every snapshot taken anywhere in
 * the cluster must consult pg_subtrans. A group that would need a 65th ends
 * before it; the caller goes on with the rest in a new transaction.
 *
 * Why up to a whole batch (GROUP_SIZE) otherwise: a set statement takes one
 * savepoint for its whole run, so a batch of same-shaped creates is one
 * statement and one commit. The tables' statement-level triggers (audit,
 * last_interaction_at, interaction_principals, stamps) then run once per
 * batch instead of once per 64 mutations, and a contact or organization gets
 * one last_interaction_at update per batch, which every live client's shape
 * receives (bench/README.md, "Push groups as large as the batch").
 *
 * Why a group ends after a newly recorded rejection: the log's received_at is
 * the transaction's start (its column default), and the admins' list of
 * rejected writes orders and pages by it (before=<received_at>); two rejections
 * sharing one would be listed in no defined order and a page boundary between
 * them would skip one. Rejections are rare, so the extra commit costs little.
 *
 * A data error (SQLSTATE class 22 or 23) is the mutation's fault wherever it
 * happens, in its statements or in writing its record (a value jsonb or
 * timestamptz cannot take): it becomes that mutation's rejection with the
 * reason, never an error of the batch. When the group's one record statement
 * fails so, the group is redone recording each mutation on its own, so the
 * change of the one at fault is undone and its refusal recorded instead.
 */
import type pg from 'pg';
import {
  MAX_MUTATIONS_PER_BATCH,
  type ClientMutation,
  type MutationResult,
} from '../../schema/mutations.ts';
import type { TableName } from '../../schema/tables.ts';
import type { Session } from '../auth/sessions.ts';
import { isPgError, type PgError } from '../database/as-user.ts';
import { runMutation, type Outcome } from './apply-mutation.ts';
import { applySet, MIN_RUN, setItemOf, type SetItem } from './apply-set.ts';
import { mutationPayload, type MutationPayload } from './mutation-payload.ts';
import {
  constraintColumns,
  isDataError,
  isRetryable,
  rejectionFromPgError,
} from './pg-rejection.ts';
import {
  lookupMany,
  recordMany,
  recordOne,
  storedResult,
  type LogEntry,
} from './record-mutation.ts';

/** Mutations per transaction at most: a whole batch (file comment). */
export const GROUP_SIZE = MAX_MUTATIONS_PER_BATCH;
/** Savepoints per transaction at most: PostgreSQL's subtransaction cache (file comment). */
export const SAVEPOINTS_PER_GROUP = 64;
const MAX_ATTEMPTS = 4;

/** Date/time values PostgreSQL could not take while recording: only created_at is one. */
const DATETIME_ERRORS = new Set(['22007', '22008', '22009']);

/** `bulk`: one record statement per group. `each`: each mutation recorded in its savepoint (after a bulk record was refused). */
type RecordMode = 'bulk' | 'each';

/** The group's record statement hit a data error: redo the group in `each` mode to find whose. */
class BulkRecordRefused extends Error {
  override name = 'BulkRecordRefused';
}

function toResult(mutationId: string, o: Outcome, txid: string | null): MutationResult {
  if (o.status === 'applied')
    return {
      mutation_id: mutationId,
      status: 'applied',
      txid: txid!,
      ...(o.changed ? {} : { unchanged: true }),
    };
  return {
    mutation_id: mutationId,
    status: 'rejected',
    code: o.code,
    message: o.message,
    ...(o.field ? { field: o.field } : {}),
  };
}

const reusedId = (mutationId: string): MutationResult => ({
  mutation_id: mutationId,
  status: 'rejected',
  code: 'conflict',
  field: 'mutation_id',
  message:
    'this mutation_id was already used for a different change on this device; send the change with a new mutation_id',
});

async function rejectionOf(
  client: pg.PoolClient,
  m: ClientMutation,
  err: PgError,
): Promise<Outcome | undefined> {
  const rejection = rejectionFromPgError(
    m.table as TableName,
    err,
    await constraintColumns(client, err.constraint),
  );
  if (!rejection) return undefined;
  // A refused update of a single field is about that field, whatever the constraint is called.
  const sent = Object.keys(m.changes ?? {});
  if (!rejection.field && m.op === 'update' && sent.length === 1) rejection.field = sent[0];
  // A rule of another table enforced here (`products_principal_is_principal`) ends with the sent field it is about.
  if (!rejection.field && err.constraint)
    rejection.field = sent.find((f) => err.constraint!.endsWith(`_${f}`));
  if (!rejection.field) delete rejection.field;
  return { status: 'rejected', ...rejection };
}

/**
 * crm.user_id for the rest of the transaction (set outside any savepoint, so no
 * rollback to one undoes it) and the transaction id the group's applied mutations answer.
 */
async function takeOnUser(client: pg.PoolClient, userId: string): Promise<string> {
  const { rows } = await client.query<{ txid: string }>(
    `SELECT set_config('crm.user_id', $1, true), pg_current_xact_id()::xid::text AS txid`,
    [userId],
  );
  return rows[0]!.txid;
}

/** Runs one mutation inside its open savepoint; a rejected one leaves nothing behind. */
async function runInSavepoint(
  client: pg.PoolClient,
  session: Session,
  m: ClientMutation,
): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = await runMutation(client, session.workspaceId, m);
  } catch (err) {
    if (!isPgError(err) || isRetryable(err)) throw err;
    await client.query('ROLLBACK TO SAVEPOINT mutation');
    const rejected = await rejectionOf(client, m, err);
    if (!rejected) throw err;
    return rejected;
  }
  if (outcome.status === 'rejected') await client.query('ROLLBACK TO SAVEPOINT mutation');
  return outcome;
}

/** `each` mode: records the entry inside its savepoint; a record the log cannot take undoes the change and records the refusal. */
async function recordInSavepoint(
  client: pg.PoolClient,
  session: Session,
  e: LogEntry,
): Promise<LogEntry> {
  await client.query('RESET ROLE');
  try {
    await recordOne(client, session, e);
    return e;
  } catch (err) {
    // A duplicate record is another request's (the caller retries); anything but a data error is not the client's.
    if (!isPgError(err) || !isDataError(err) || err.constraint === 'mutation_log_pkey') throw err;
    await client.query('ROLLBACK TO SAVEPOINT mutation; RESET ROLE');
    const field = DATETIME_ERRORS.has(err.code) ? 'created_at' : undefined;
    const refused: LogEntry = {
      ...e,
      txid: null,
      createdAt: field ? null : e.m.created_at,
      outcome: {
        status: 'rejected',
        code: 'invalid',
        message: `this change could not be recorded: ${err.message}`,
        ...(field ? { field } : {}),
      },
    };
    await recordOne(client, session, refused);
    return refused;
  }
}

/** Whether a run may take the set path, and where that is tried; see apply-set.ts. */
interface SetPath {
  /** `bulk` mode only: `each` records every mutation in its own savepoint. */
  on: boolean;
  /** Indexes below this go one at a time (a run stopped before a mutation that fails a check). */
  notBefore: number;
  /**
   * A refused run is retried in halves: below `capUntil` (the refused run's end) a run
   * holds at most `cap` mutations, halved at each refusal, so the mutation at fault ends
   * up alone after about log2(run) statements while the others still go in sets.
   */
  cap: number;
  capUntil: number;
}

/** The run of set items starting at `from`: same key, new mutation ids, distinct rows, at most `limit`. */
async function gatherRun(
  client: pg.PoolClient,
  session: Session,
  group: ClientMutation[],
  from: number,
  limit: number,
  isNew: (m: ClientMutation) => boolean,
): Promise<SetItem[]> {
  const run: SetItem[] = [];
  const ids = new Set<string>();
  const rows = new Set<string>();
  for (let j = from; j < group.length && run.length < limit; j++) {
    const m = group[j]!;
    if (!isNew(m) || ids.has(m.mutation_id) || rows.has(m.row_id)) break;
    const item = await setItemOf(client, session.workspaceId, m);
    if (!item || (run.length > 0 && item.key !== run[0]!.key)) break;
    run.push(item);
    ids.add(m.mutation_id);
    rows.add(m.row_id);
  }
  return run;
}

/** The run as one statement in a fresh savepoint; `fallback` after rolling back to it. */
async function runSet(
  client: pg.PoolClient,
  session: Session,
  run: SetItem[],
  releasePrevious: boolean,
): Promise<Outcome[] | 'fallback'> {
  await client.query(
    `${releasePrevious ? 'RELEASE SAVEPOINT mutation; ' : ''}SAVEPOINT mutation; SET LOCAL ROLE crm_user`,
  );
  let outcomes: Outcome[] | 'fallback';
  try {
    outcomes = await applySet(client, session.workspaceId, run);
  } catch (err) {
    // Transient failures retry the whole group; any other error is some mutation's, found one at a time.
    if (!isPgError(err) || isRetryable(err)) throw err;
    outcomes = 'fallback';
  }
  if (outcomes === 'fallback') await client.query('ROLLBACK TO SAVEPOINT mutation');
  return outcomes;
}

async function applyGroupOnce(
  client: pg.PoolClient,
  session: Session,
  group: ClientMutation[],
  payloads: MutationPayload[],
  mode: RecordMode,
): Promise<MutationResult[]> {
  await client.query('BEGIN');
  const stored = await lookupMany(
    client,
    session.deviceId,
    group.map((m) => m.mutation_id),
  );
  // An id repeated within the group is answered like a replay of its first use.
  const answered = new Map<string, { hash: string; result: MutationResult }>();
  const results: MutationResult[] = [];
  const entries: LogEntry[] = [];
  let txid: string | undefined;
  let savepoints = 0;
  const set: SetPath = { on: mode === 'bulk', notBefore: 0, cap: Infinity, capUntil: 0 };
  const isNew = (m: ClientMutation) => !stored.has(m.mutation_id) && !answered.has(m.mutation_id);
  const answer = (i: number, entry: LogEntry): MutationResult => {
    const result = toResult(group[i]!.mutation_id, entry.outcome, entry.txid);
    answered.set(group[i]!.mutation_id, { hash: payloads[i]!.hash, result });
    results.push(result);
    return result;
  };
  for (let i = 0; i < group.length;) {
    const m = group[i]!;
    const payload = payloads[i]!;
    const known = stored.get(m.mutation_id);
    const earlier = answered.get(m.mutation_id);
    if (known || earlier) {
      const hash = known ? known.payload_hash : earlier!.hash;
      if (hash !== null && hash !== payload.hash) results.push(reusedId(m.mutation_id));
      else results.push(known ? storedResult(known, m.mutation_id) : earlier!.result);
      i++;
      continue;
    }
    // Out of savepoints (file comment): the rest goes in the caller's next group.
    if (savepoints >= SAVEPOINTS_PER_GROUP) break;
    txid ??= await takeOnUser(client, session.userId);
    if (set.on && i >= set.notBefore) {
      const limit = i < set.capUntil ? Math.min(set.cap, set.capUntil - i) : Infinity;
      const run = await gatherRun(client, session, group, i, limit, isNew);
      if (run.length >= MIN_RUN) {
        const outcomes = await runSet(client, session, run, savepoints > 0);
        savepoints++;
        if (outcomes === 'fallback') {
          set.cap = Math.floor(run.length / 2);
          set.capUntil = i + run.length;
          continue;
        }
        for (const [k, outcome] of outcomes.entries()) {
          const entry: LogEntry = {
            m: run[k]!.m,
            payload: payloads[i + k]!,
            outcome,
            txid,
            createdAt: run[k]!.m.created_at,
          };
          entries.push(entry);
          answer(i + k, entry);
        }
        i += outcomes.length;
        // The run stopped before a mutation a check refuses: it goes alone, and is answered with its reason.
        if (outcomes.length < run.length) set.notBefore = i + 1;
        continue;
      }
    }
    // Releasing the previous savepoint keeps subtransactions flat; its changes stay in the transaction.
    await client.query(
      `${savepoints > 0 ? 'RELEASE SAVEPOINT mutation; ' : ''}SAVEPOINT mutation; SET LOCAL ROLE crm_user`,
    );
    savepoints++;
    const outcome = await runInSavepoint(client, session, m);
    let entry: LogEntry = {
      m,
      payload,
      outcome,
      txid: outcome.status === 'applied' ? txid : null,
      createdAt: m.created_at,
    };
    if (mode === 'each') entry = await recordInSavepoint(client, session, entry);
    else entries.push(entry);
    answer(i, entry);
    i++;
    // One recorded rejection per transaction (file comment): the rest go in the next group.
    if (entry.outcome.status === 'rejected') break;
  }
  if (txid === undefined) {
    // All answered from the log: nothing to write.
    await client.query('ROLLBACK');
    return results;
  }
  // Back to the login role: only it may write the mutation log.
  await client.query(`${savepoints > 0 ? 'RELEASE SAVEPOINT mutation; ' : ''}RESET ROLE`);
  try {
    await recordMany(client, session, entries);
  } catch (err) {
    if (isPgError(err) && isDataError(err) && err.constraint !== 'mutation_log_pkey')
      throw new BulkRecordRefused(err.message);
    throw err;
  }
  await client.query('COMMIT');
  return results;
}

/**
 * Applies (or answers from the log) the mutations of `group` (at most GROUP_SIZE) in order, in
 * one transaction; retries transient failures. Answers a prefix of the group: all of it, or up
 * to and including the first newly recorded rejection, or up to its last savepoint
 * (SAVEPOINTS_PER_GROUP). The caller goes on with the rest.
 */
export async function applyGroup(
  client: pg.PoolClient,
  session: Session,
  group: ClientMutation[],
): Promise<MutationResult[]> {
  if (group.length > GROUP_SIZE)
    throw new Error(`a group holds at most ${GROUP_SIZE} mutations, not ${group.length}`);
  const payloads = group.map(mutationPayload);
  let mode: RecordMode = 'bulk';
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyGroupOnce(client, session, group, payloads, mode);
    } catch (err) {
      await client.query('ROLLBACK');
      if (err instanceof BulkRecordRefused && mode === 'bulk') {
        mode = 'each';
        continue;
      }
      // Serialization failures and deadlocks are transient; a duplicate record means another
      // request stored one of these mutations first, and the next attempt answers its stored result.
      const again =
        isPgError(err) &&
        (isRetryable(err) || (err.code === '23505' && err.constraint === 'mutation_log_pkey'));
      if (!again || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
