/**
 * Push rate of bulk batches, one client, straight over HTTP (no desktop core,
 * no push loop): `--pushes` organization creates sent as full batches
 * (MAX_MUTATIONS_PER_BATCH each, one after another, as an outbox after a day
 * offline sends them), then as many updates of those rows. Mutations applied
 * per second, from the first request to the last answer. Runs after the
 * clients have stopped, so the server's event loop serves only this client.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_MUTATIONS_PER_BATCH } from '../../sync/schema/mutations.ts';
import { record, type BenchContext } from '../context.ts';
import { signInOverHttp } from '../http/session.ts';

const answer = z.object({
  results: z.array(z.object({ status: z.enum(['applied', 'rejected']) })),
});

type Mutation = {
  mutation_id: string;
  table: string;
  op: 'insert' | 'update';
  row_id: string;
  changes: Record<string, unknown>;
  created_at: string;
};

/** Sends the mutations in full batches; returns the seconds it took. Any rejection fails the bench. */
async function push(serverUrl: string, token: string, mutations: Mutation[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < mutations.length; i += MAX_MUTATIONS_PER_BATCH) {
    const batch = mutations.slice(i, i + MAX_MUTATIONS_PER_BATCH);
    const res = await fetch(`${serverUrl}/v1/mutations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: batch }),
    });
    const body: unknown = await res.json();
    if (res.status !== 200)
      throw new Error(`bulk push answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    const rejected = answer.parse(body).results.filter((r) => r.status !== 'applied').length;
    if (rejected > 0)
      throw new Error(`the server rejected ${rejected} of ${batch.length} bulk mutations`);
  }
  return (performance.now() - t0) / 1000;
}

const mutation = (
  op: Mutation['op'],
  rowId: string,
  changes: Record<string, unknown>,
): Mutation => ({
  mutation_id: randomUUID(),
  table: 'organizations',
  op,
  row_id: rowId,
  changes,
  created_at: new Date().toISOString(),
});

export async function bulkPushPhase(b: BenchContext): Promise<void> {
  const n = b.options.pushes;
  b.log(
    `bulk push: ${n} creates, then ${n} updates, batches of ${MAX_MUTATIONS_PER_BATCH}, one client`,
  );
  const token = await signInOverHttp(b.server.url, b.emails.rep!, b.password, 'bench bulk push');
  const creates: number[] = [];
  const updates: number[] = [];
  for (let run = 0; run < b.options.runs; run++) {
    const ids = Array.from({ length: n }, () => randomUUID());
    const createS = await push(
      b.server.url,
      token,
      ids.map((id, i) =>
        mutation('insert', id, { name: `Bulk Bistro ${run}-${i}`, city: 'Austin' }),
      ),
    );
    const updateS = await push(
      b.server.url,
      token,
      ids.map((id, i) =>
        mutation('update', id, { notes: `bulk update ${run}-${i}`, segment: 'Casual dining' }),
      ),
    );
    creates.push(n / createS);
    updates.push(n / updateS);
    b.log(
      `  run ${run + 1}: ${n} creates in ${createS.toFixed(2)} s, ${n} updates in ${updateS.toFixed(2)} s`,
    );
  }
  record(b, 'push.bulk_creates_per_s', creates);
  record(b, 'push.bulk_updates_per_s', updates);
}
