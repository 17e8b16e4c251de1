/**
 * Set statements for runs of a group (apply-set.ts), on real PostgreSQL:
 * a run of creates or updates is ONE statement as crm_user; over HTTP, a run
 * holding one mutation the database refuses (an id that is taken, a foreign
 * key) or one a check refuses (a row that is not there, a cross-field rule on
 * the merged row) still applies every other, rejects that one with its own
 * reason, and a replay answers the same writing nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../../server-migrations/testing/act-as.ts';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import type { ClientMutation } from '../../schema/mutations.ts';
import {
  auditRowCount,
  createLoginTenant,
  login,
  mutation,
  postMutations,
  startTestServer,
  type LoginTenant,
  type MutationResult,
  type TestServer,
} from '../testing/test-server.ts';
import { applySet, setItemOf, type SetItem } from './apply-set.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
});
afterAll(async () => {
  await t.close();
});

type M = ReturnType<typeof mutation>;
type Result = MutationResult;
const post = (token: string, mutations: M[]): Promise<Result[]> => postMutations(t.url, token, mutations);

const count = async (sql: string, params: unknown[]) =>
  (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
const auditRows = (ids: string[]) => auditRowCount(t.db.pool, ids);

/** The statements a client sends while `fn` runs (the client is real; only its calls are counted). */
async function statementsOf<T>(
  client: pg.PoolClient,
  fn: () => Promise<T>,
): Promise<{ value: T; statements: number }> {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let statements = 0;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    ...args: unknown[]
  ) => {
    statements++;
    return query(...args);
  };
  try {
    return { value: await fn(), statements };
  } finally {
    (client as unknown as { query: unknown }).query = query;
  }
}

async function itemsOf(client: pg.PoolClient, ms: M[]): Promise<SetItem[]> {
  const items: SetItem[] = [];
  for (const m of ms) items.push((await setItemOf(client, a.workspaceId, m as ClientMutation))!);
  return items;
}

describe('a run as one statement', () => {
  it('inserts 20 interactions in one statement with their derived data, and updates them in two (the read, the update)', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const creates = ids.map((id, i) =>
      mutation('interactions', 'insert', id, {
        interaction_type: 'Phone Call',
        contact_id: g.contactId,
        notes: `set ${i}`,
      }),
    );
    const updates = ids.map((id, i) =>
      mutation('interactions', 'update', id, { notes: `set again ${i}`, sentiment: 'Positive' }),
    );
    await actAs(
      t.db.pool,
      a.users.rep,
      async (client) => {
        const inserted = await statementsOf(client, async () =>
          applySet(client, a.workspaceId, await itemsOf(client, creates)),
        );
        expect(inserted.statements).toBe(1);
        expect(inserted.value).toEqual(ids.map(() => ({ status: 'applied', changed: true })));
        // The triggers ran for every row: organization derived from the contact, audit rows written.
        const { rows } = await client.query(
          'SELECT count(*)::int AS n, count(DISTINCT organization_id)::int AS orgs FROM interactions WHERE id = ANY ($1)',
          [ids],
        );
        expect(rows[0]).toEqual({ n: 20, orgs: 1 });
        const updated = await statementsOf(client, async () =>
          applySet(client, a.workspaceId, await itemsOf(client, updates)),
        );
        expect(updated.statements).toBe(2);
        expect(updated.value).toEqual(ids.map(() => ({ status: 'applied', changed: true })));
      },
      { commit: true },
    );
    // The same values again, in a later transaction, change nothing: answered unchanged, as a single update would be.
    await actAs(t.db.pool, a.users.rep, async (client) => {
      const again = await applySet(client, a.workspaceId, await itemsOf(client, updates));
      expect(again).toEqual(ids.map(() => ({ status: 'applied', changed: false })));
    });
  });

  it('stops an update run before a row that is not there or a merged row that breaks a cross-field rule', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await actAs(t.db.pool, a.users.rep, async (client) => {
      const creates = ids.map((id) =>
        mutation('contacts', 'insert', id, {
          first_name: 'Ana',
          last_name: 'Set',
          organization_id: g.customerId,
        }),
      );
      await applySet(client, a.workspaceId, await itemsOf(client, creates));
      const clear = (id: string, column: string) =>
        mutation('contacts', 'update', id, { [column]: null });
      // The second row is not there: the run applies the first and stops before it.
      expect(
        await applySet(
          client,
          a.workspaceId,
          await itemsOf(client, [
            clear(ids[0]!, 'first_name'),
            clear(randomUUID(), 'first_name'),
            clear(ids[2]!, 'first_name'),
          ]),
        ),
      ).toEqual([{ status: 'applied', changed: true }]);
      // Contact 0 has no first name now: clearing its last name too breaks the rule on the merged row.
      expect(
        await applySet(
          client,
          a.workspaceId,
          await itemsOf(client, [clear(ids[1]!, 'last_name'), clear(ids[0]!, 'last_name')]),
        ),
      ).toEqual([{ status: 'applied', changed: true }]);
      const { rows } = await client.query(
        'SELECT id, first_name, last_name FROM contacts WHERE id = ANY ($1)',
        [ids],
      );
      expect(new Map(rows.map((r) => [r.id, [r.first_name, r.last_name]]))).toEqual(
        new Map([
          [ids[0], [null, 'Set']],
          [ids[1], ['Ana', null]],
          [ids[2], ['Ana', 'Set']],
        ]),
      );
    });
  });
});

describe('a run with one bad mutation, over HTTP', () => {
  it('applies every other, rejects that one with its reason, and a replay writes nothing twice', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const batch: M[] = ids.map((id, i) =>
      mutation('organizations', 'insert', id, { name: `Set Bistro ${i}`, city: 'Austin' }),
    );
    // The database refuses these in the middle of a run: an id that is taken, then (updates) a row that is not there.
    batch[5] = mutation('organizations', 'insert', g.customerId, {
      name: 'Taken Id Cafe',
      city: 'Austin',
    });
    const updates: M[] = ids.map((id, i) =>
      mutation('organizations', 'update', id, { notes: `set update ${i}` }),
    );
    updates[8] = mutation('organizations', 'update', randomUUID(), { notes: 'nobody' });
    const all = [...batch, ...updates];

    const first = await post(token, all);
    expect(first.map((r) => r.mutation_id)).toEqual(all.map((m) => m.mutation_id));
    first.forEach((r, i) => {
      if (i === 5)
        expect([i, r.status, r.code, r.field]).toEqual([i, 'rejected', 'conflict', 'id']);
      else if (i === 12 + 5) expect([i, r.status, r.code]).toEqual([i, 'rejected', 'not_found']);
      else if (i === 12 + 8) expect([i, r.status, r.code]).toEqual([i, 'rejected', 'not_found']);
      else expect([i, r.status]).toEqual([i, 'applied']);
    });
    // One transaction up to each rejection, one after it.
    expect(first[4]!.txid).toBe(first[0]!.txid);
    expect(Number(first[6]!.txid)).toBeGreaterThan(Number(first[4]!.txid));
    expect(first[11]!.txid).toBe(first[6]!.txid);
    const kept = ids.filter((_, i) => i !== 5);
    expect(
      await count('SELECT count(*)::int AS n FROM organizations WHERE id = ANY ($1)', [kept]),
    ).toBe(11);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM organizations WHERE id = ANY ($1) AND notes LIKE 'set update %'`,
        [kept],
      ),
    ).toBe(10);
    expect(
      (await t.db.pool.query('SELECT name FROM organizations WHERE id = $1', [g.customerId]))
        .rows[0].name,
    ).not.toBe('Taken Id Cafe');

    const auditBefore = await auditRows([...ids, g.customerId]);
    expect(await post(token, all)).toEqual(first);
    expect(await auditRows([...ids, g.customerId])).toBe(auditBefore);
  });
});
