/**
 * The channel table serves exactly the contract, and checks every answer
 * against the contract's output schema. Also measures what that check costs
 * on the biggest answer a list gives (a page of 200 rows), which decided that
 * it stays on in production (see channel.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CoreRuntime } from '../core/index.ts';
import type { Account } from '../core/runtime/accounts.ts';
import { recordHistoryReader } from '../core/runtime/history.ts';
import { HistoryCache } from '../../sync/client/replica/index.ts';
import { openTestCore, type TestCore } from '../core/testing/test-support.ts';
import { CHANNEL_CONTRACT, QUERY_CHANNELS } from './contract/index.ts';
import { invokeChannel } from './channel.ts';
import { CHANNELS, CHANNEL_NAMES, type ChannelContext } from './channels.ts';

let core: TestCore;
let ctx: ChannelContext;

beforeAll(() => {
  core = openTestCore();
  // The list channels use only the runtime's core context.
  ctx = { runtime: { ctx: core.ctx } as CoreRuntime };
  for (let i = 0; i < 200; i++) {
    COMMANDS['organizations.create'].run(core.ctx, {
      name: `Organization ${String(i).padStart(3, '0')}`,
      is_principal: i % 3 === 0,
      segment: 'Restaurant',
      phone: '+1 555 0100',
      email: `buyer${i}@example.com`,
      city: 'Springfield',
      notes: 'A customer with a long enough note to look like real data. '.repeat(3),
    });
  }
  core.syncAll();
});
afterAll(() => core.cleanup());

describe('the channel table', () => {
  it('serves every channel of the contract and nothing else', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(CHANNEL_CONTRACT).sort());
    for (const name of CHANNEL_NAMES) {
      expect(CHANNELS[name]!.input).toBe(
        CHANNEL_CONTRACT[name as keyof typeof CHANNEL_CONTRACT].input,
      );
      expect(CHANNELS[name]!.output).toBe(
        CHANNEL_CONTRACT[name as keyof typeof CHANNEL_CONTRACT].output,
      );
    }
  });

  it('answers a full page that passes the contract, and refuses a row with a field the contract lacks', async () => {
    const res = await invokeChannel(
      CHANNELS['organizations.list'],
      'organizations.list',
      { limit: 200 },
      ctx,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const page = res.value as { rows: Record<string, unknown>[] };
    expect(page.rows).toHaveLength(200);
    const output = QUERY_CHANNELS['organizations.list'].output;
    expect(
      output.safeParse({ rows: [{ ...page.rows[0], secret: 'x' }], next_cursor: null }).success,
    ).toBe(false);
    expect(
      output.safeParse({ rows: [{ ...page.rows[0], name: 7 }], next_cursor: null }).success,
    ).toBe(false);
  });

  it("answers a record's page and its saved history in the contract's shapes (history comes apart, records.history)", async () => {
    const created = COMMANDS['organizations.create'].run(core.ctx, { name: 'Audited Co' });
    const detail = await invokeChannel(CHANNELS['records.detail'], 'records.detail', { table: 'organizations', id: created.id }, ctx);
    expect(detail).toMatchObject({ ok: true, value: { record: { name: 'Audited Co' }, pending: [{ op: 'insert' }] } });
    // A server account whose server cannot be reached (nothing listens on port 9): the saved copy, labeled.
    new HistoryCache(core.ctx.replica).save('organizations', created.id, [{
      id: '01900000-0000-7000-8000-0000000000a1', workspace_id: core.workspaceId, table_name: 'organizations',
      record_id: created.id, action: 'insert', actor_id: core.userId, changed_fields: ['name'], old_values: null,
      new_values: { name: 'Audited Co' }, transaction_id: '812', occurred_at: '2026-03-02T10:00:00.000000Z', actor_name: 'Riley Rep',
    }], { firstPage: true, now: '2026-03-02T10:05:00.000Z' });
    const history = recordHistoryReader({
      account: () => ({ id: 'a1', kind: 'server', server_url: 'http://127.0.0.1:9' }) as Account,
      token: async () => 'token-of-a-server-that-is-down',
      replica: () => core.ctx.replica,
      syncState: () => 'connecting',
      now: () => new Date(),
    });
    const withHistory: ChannelContext = { runtime: { ctx: core.ctx, history } as CoreRuntime };
    const res = await invokeChannel(CHANNELS['records.history'], 'records.history', { table: 'organizations', id: created.id }, withHistory);
    expect(res).toMatchObject({
      ok: true,
      value: { source: 'saved', saved_at: '2026-03-02T10:05:00.000Z', entries: [{ action: 'insert', actor_name: 'Riley Rep' }] },
    });
    const bad = await invokeChannel(CHANNELS['records.history'], 'records.history', { table: 'audit_log', id: created.id }, withHistory);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it.each([
    [
      'csv.preview_import',
      {
        table: 'contacts',
        csv: 'first_name,last_name,email\nAda,Lovelace,ada@example.com\n,,bad\n',
      },
    ],
    ['csv.export', { table: 'organizations' }],
    ['sync.queue', {}],
    ['follow_ups.list', {}],
    ['follow_ups.counts', {}],
    ['dashboard.principals', {}],
    ['dashboard.pipeline', {}],
    ['search', { q: 'organization' }],
    ['organizations.duplicates', { name: 'Organization 001' }],
    ['interactions.list', {}],
    ['session.prepare_sign_out', { unsynced: 'export' }],
  ] as const)('answers %s within the contract', async (name, input) => {
    if (name === 'session.prepare_sign_out')
      COMMANDS['organizations.create'].run(core.ctx, { name: 'Not yet on the server' });
    const res = await invokeChannel(CHANNELS[name], name, input, ctx);
    expect(res).toMatchObject({ ok: true });
  });

  it('measures the output check on a page of 200 organizations', () => {
    const list = CHANNELS['organizations.list']!;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const query: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < 30; i++) {
      let t = performance.now();
      const value = list.handler(list.input.parse({ limit: 200 }), ctx);
      query.push(performance.now() - t);
      t = performance.now();
      const checked = list.output.parse(value);
      check.push(performance.now() - t);
      // The check passes the core's answer through unchanged (nothing stripped, nothing added).
      expect(checked).toEqual(value);
    }
    const bytes = JSON.stringify(list.handler(list.input.parse({ limit: 200 }), ctx)).length;
    console.log(
      `organizations.list, 200 rows (${Math.round(bytes / 1024)} KiB JSON): query ${median(query).toFixed(2)} ms, output check ${median(check).toFixed(2)} ms (medians of 30)`,
    );
  });
});
