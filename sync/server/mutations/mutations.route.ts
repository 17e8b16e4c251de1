/**
 * POST /v1/mutations: a batch from one device's outbox (sync/schema/mutations.ts).
 *
 * Structure errors (unknown table or op, ids that are not UUIDs, more than
 * MAX_MUTATIONS_PER_BATCH) refuse the whole batch with 4xx. Content errors of
 * one mutation (unknown column, wrong type, a rule broken) reject only that
 * mutation as `invalid`: a 4xx for the batch would block the outbox behind it forever.
 *
 * Per mutation, one transaction on the batch's connection:
 *   as the login role: look up (device, mutation_id); if seen, answer the stored result
 *   as crm_user + crm.user_id: run it inside a savepoint (rolled back when rejected)
 *   as the login role: record the result, then COMMIT
 * so the change and its record commit together: a replay (the response was
 * lost) is answered from the record and applies nothing twice. A per-device
 * advisory lock held for the whole batch applies one device's mutations in
 * order, even when the client retries while the first attempt still runs.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import {
  MAX_MUTATIONS_PER_BATCH, mutationBatch, mutationResponse, type ClientMutation, type MutationResult,
} from '../../schema/mutations.ts';
import type { TableName } from '../../schema/tables.ts';
import type { Session } from '../auth/sessions.ts';
import { becomeUser, isPgError } from '../database/as-user.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { runMutation, type Outcome } from './apply-mutation.ts';
import { constraintColumns, isRetryable, rejectionFromPgError } from './pg-rejection.ts';

/** Advisory-lock namespace of per-device mutation order ("mut" + 0). */
const DEVICE_LOCK_CLASS = 0x6d757400;
const MAX_ATTEMPTS = 4;

function toResult(mutationId: string, o: Outcome, txid: string | null): MutationResult {
  if (o.status === 'applied') return { mutation_id: mutationId, status: 'applied', txid: txid!, ...(o.changed ? {} : { unchanged: true }) };
  return { mutation_id: mutationId, status: 'rejected', code: o.code, message: o.message, ...(o.field ? { field: o.field } : {}) };
}

const storedRow = (r: { status: string; txid: string | null; code: string | null; message: string | null; field: string | null; unchanged: boolean }, id: string) =>
  mutationResponse.shape.results.element.parse(
    r.status === 'applied'
      ? { mutation_id: id, status: 'applied', txid: r.txid, ...(r.unchanged ? { unchanged: true } : {}) }
      : { mutation_id: id, status: 'rejected', code: r.code, message: r.message ?? '', ...(r.field ? { field: r.field } : {}) },
  );

async function applyOnce(client: pg.PoolClient, session: Session, m: ClientMutation): Promise<MutationResult> {
  await client.query('BEGIN');
  const seen = await client.query('SELECT * FROM crm.mutation_lookup($1, $2)', [session.deviceId, m.mutation_id]);
  if (seen.rows[0]) {
    await client.query('ROLLBACK');
    return storedRow(seen.rows[0], m.mutation_id);
  }
  await becomeUser(client, session.userId);
  await client.query('SAVEPOINT mutation');
  let outcome: Outcome;
  try {
    outcome = await runMutation(client, session.workspaceId, m);
  } catch (err) {
    if (!isPgError(err) || isRetryable(err)) throw err;
    await client.query('ROLLBACK TO SAVEPOINT mutation');
    const rejection = rejectionFromPgError(m.table as TableName, err, await constraintColumns(client, err.constraint));
    if (!rejection) throw err;
    // A refused update of a single field is about that field, whatever the constraint is called.
    const sent = Object.keys(m.changes ?? {});
    if (!rejection.field && m.op === 'update' && sent.length === 1) rejection.field = sent[0];
    outcome = { status: 'rejected', ...rejection };
  }
  let txid: string | null = null;
  if (outcome.status === 'applied') {
    txid = (await client.query<{ txid: string }>('SELECT pg_current_xact_id()::xid::text AS txid')).rows[0]!.txid;
  } else {
    await client.query('ROLLBACK TO SAVEPOINT mutation');
  }
  // Back to the login role: only it may write the mutation log.
  await client.query('RESET ROLE');
  const r = outcome.status === 'rejected' ? outcome : undefined;
  await client.query('SELECT crm.mutation_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)', [
    session.deviceId, m.mutation_id, session.workspaceId, session.userId, m.table, m.op, m.row_id,
    m.changes === undefined ? null : JSON.stringify(m.changes), outcome.status, txid,
    r?.code ?? null, r?.message ?? null, r?.field ?? null, m.created_at,
    outcome.status === 'applied' && !outcome.changed,
  ]);
  await client.query('COMMIT');
  return toResult(m.mutation_id, outcome, txid);
}

async function applyMutation(client: pg.PoolClient, session: Session, m: ClientMutation): Promise<MutationResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(client, session, m);
    } catch (err) {
      await client.query('ROLLBACK');
      // Serialization failures and deadlocks are transient; a duplicate record means another
      // request stored this mutation first, and the next attempt answers its stored result.
      const again = isPgError(err) && (isRetryable(err) || (err.code === '23505' && err.constraint === 'mutation_log_pkey'));
      if (!again || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

export async function mutationRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.post('/v1/mutations', async (request) => {
      const session = sessionOf(request);
      const raw = request.body as { mutations?: unknown } | undefined;
      if (Array.isArray(raw?.mutations) && raw.mutations.length > MAX_MUTATIONS_PER_BATCH) {
        throw new HttpProblem(413, 'batch_too_large', `a batch holds at most ${MAX_MUTATIONS_PER_BATCH} mutations; split it`, 'mutations');
      }
      const batch = parseOr400(mutationBatch, request.body, 'mutation batch');
      const client = await ctx.pool.connect();
      let broken = false;
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [DEVICE_LOCK_CLASS, session.deviceId]);
        const results: MutationResult[] = [];
        // Deliberately not stopped when the client goes away: what was sent is applied and
        // recorded, and the retry is answered from the record.
        for (const m of batch.mutations) results.push(await applyMutation(client, session, m));
        return mutationResponse.parse({ results });
      } catch (err) {
        broken = true;
        throw err;
      } finally {
        if (!broken) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [DEVICE_LOCK_CLASS, session.deviceId]);
        // A connection that failed mid-batch may still hold the lock: destroy it, which releases it.
        client.release(broken);
      }
    });
  });
}
