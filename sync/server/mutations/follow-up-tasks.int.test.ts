/**
 * Migration 0016 through the mutation endpoint, as a desktop meets it over
 * real HTTP on real PostgreSQL: a rep's change of someone else's opportunity
 * owner is rejected `forbidden` with the reason the desktop lists beside the
 * refused change; the follow-up's time and assignee are written like any
 * field, a bad time is refused naming it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { OWNER_CHANGE_REFUSED } from '../../schema/index.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let managers: CrmGraph;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  managers = await createCrmGraph(t.db.pool, a.workspaceId, a.users.manager);
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

type Result = { status: string; code?: string; field?: string; message?: string };

async function send(...mutations: ReturnType<typeof mutation>[]): Promise<Result[]> {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Result[];
}

describe('the owner rule at the mutation endpoint', () => {
  it("rejects a rep's change of a manager's opportunity owner with the reason, and applies the rest", async () => {
    const [owner, stage] = await send(
      mutation('opportunities', 'update', managers.opportunityId, { owner_id: a.users.rep }),
      mutation('opportunities', 'update', managers.opportunityId, { stage: 'Demo Scheduled' }),
    );
    expect(owner).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(owner!.message).toContain(OWNER_CHANGE_REFUSED);
    expect(stage).toMatchObject({ status: 'applied' });
    const { rows } = await t.db.pool.query('SELECT owner_id, stage FROM opportunities WHERE id = $1', [managers.opportunityId]);
    expect(rows[0]).toEqual({ owner_id: a.users.manager, stage: 'Demo Scheduled' });
  });
});

describe('follow-up tasks at the mutation endpoint', () => {
  it('takes a time and an assignee, defaults the assignee to the sender, and refuses a bad time by name', async () => {
    const id = randomUUID();
    const results = await send(
      mutation('interactions', 'insert', id, {
        workspace_id: a.workspaceId,
        interaction_type: 'Phone Call',
        contact_id: managers.contactId,
        follow_up_required: true,
        follow_up_date: '2026-03-04',
        follow_up_time: '09:30',
      }),
      mutation('interactions', 'update', id, { follow_up_time: '25:00' }),
      mutation('interactions', 'update', managers.interactionId, { follow_up_assignee_id: a.users.manager }),
    );
    expect(results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['applied', undefined, undefined],
      ['rejected', 'invalid', 'follow_up_time'],
      ['applied', undefined, undefined],
    ]);
    const { rows } = await t.db.pool.query(
      'SELECT id, follow_up_time, follow_up_assignee_id FROM interactions WHERE id = ANY($1) ORDER BY id = $2 DESC',
      [[id, managers.interactionId], id],
    );
    expect(rows).toEqual([
      { id, follow_up_time: '09:30', follow_up_assignee_id: a.users.rep },
      { id: managers.interactionId, follow_up_time: null, follow_up_assignee_id: a.users.manager },
    ]);
  });
});
