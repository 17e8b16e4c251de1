/**
 * POST /v1/mutations: a batch from one device's outbox (sync/schema/mutations.ts).
 *
 * Structure errors (unknown table or op, ids that are not UUIDs, more than
 * MAX_MUTATIONS_PER_BATCH) refuse the whole batch with 4xx. Content errors of
 * one mutation (unknown column, wrong type, a rule broken, a value PostgreSQL
 * cannot store) reject only that mutation as `invalid`: a 4xx for the batch
 * would block the outbox behind it forever. The batch is applied in order, in
 * groups (apply-group.ts): one transaction each, with a savepoint per set
 * statement or per lone mutation, at most 64 of them; a batch of same-shaped
 * creates is one group, one statement and one commit, where a transaction per
 * mutation took ~11 round trips and a commit each.
 *
 * A device's batches apply in order: queued in this process before a
 * connection is taken (batch-gate.ts, which also answers 429 to a session with
 * too many batches in), then a per-device advisory lock, tried and never waited
 * for, orders them across server processes (429 while another holds it).
 *
 * A stopping server finishes the group at hand, not the batch: each group is
 * its own transaction, so nothing is left half done, and the client's retry is
 * answered from the log for what was applied. Waiting for the whole batch made
 * a stop (a deploy) take as long as the longest batch.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_MUTATIONS_PER_BATCH, mutationBatch, mutationResponse, type MutationResult } from '../../schema/mutations.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { BatchGate, BUSY_RETRY_AFTER_SECONDS } from './batch-gate.ts';
import { applyGroup, GROUP_SIZE } from './apply-group.ts';

/** Advisory-lock namespace of per-device mutation order ("mut" + 0). */
const DEVICE_LOCK_CLASS = 0x6d757400;

export async function mutationRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const gate = new BatchGate();
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  const stopped = () => new HttpProblem(503, 'server_stopping', 'the server is stopping; send the batch again (what was applied is answered from the log)',
    undefined, { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) });
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.post('/v1/mutations', async (request) => {
      const session = sessionOf(request);
      const raw = request.body as { mutations?: unknown } | undefined;
      if (Array.isArray(raw?.mutations) && raw.mutations.length > MAX_MUTATIONS_PER_BATCH) {
        throw new HttpProblem(413, 'batch_too_large', `a batch holds at most ${MAX_MUTATIONS_PER_BATCH} mutations; split it`, 'mutations');
      }
      const batch = parseOr400(mutationBatch, request.body, 'mutation batch');
      return gate.run(session.sessionId, session.deviceId, async () => {
        if (stopping) throw stopped();
        const client = await ctx.pool.connect();
        let broken = false;
        let locked = false;
        try {
          const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [DEVICE_LOCK_CLASS, session.deviceId]);
          locked = lock.rows[0]!.ok;
          if (!locked) {
            throw new HttpProblem(429, 'device_busy', "another server is applying this device's previous batch; send it again shortly",
              undefined, { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) });
          }
          const results: MutationResult[] = [];
          // Deliberately not stopped when the client goes away: what was sent is applied and
          // recorded, and the retry is answered from the record.
          while (results.length < batch.mutations.length) {
            if (stopping) throw stopped();
            const group = batch.mutations.slice(results.length, results.length + GROUP_SIZE);
            results.push(...(await applyGroup(client, session, group)));
          }
          return mutationResponse.parse({ results });
        } catch (err) {
          if (!(err instanceof HttpProblem)) broken = true;
          throw err;
        } finally {
          if (locked && !broken) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [DEVICE_LOCK_CLASS, session.deviceId]);
          // A connection that failed mid-batch may still hold the lock: destroy it, which releases it.
          client.release(broken);
        }
      });
    });
  });
}
