/**
 * The channel table serves exactly the contract, and checks every answer
 * against the contract's output schema. Also measures what that check costs
 * on the biggest answer a list gives (a page of 200 rows), which decided that
 * it stays on in production (see channel.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CoreRuntime } from '../core/index.ts';
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

  it("answers a record's page with its audit history (audit rows come from a merged view, with _pending)", async () => {
    const created = COMMANDS['organizations.create'].run(core.ctx, { name: 'Audited Co' });
    core.syncAll();
    core.serverInsert('audit_log', [
      {
        id: '01900000-0000-7000-8000-0000000000a1',
        workspace_id: core.workspaceId,
        table_name: 'organizations',
        record_id: created.id,
        action: 'insert',
        actor_id: core.userId,
        changed_fields: ['name'],
        old_values: null,
        new_values: { name: 'Audited Co' },
        transaction_id: '812',
        occurred_at: '2026-03-02T10:00:00.000Z',
      },
    ]);
    const res = await invokeChannel(
      CHANNELS['records.detail'],
      'records.detail',
      { table: 'organizations', id: created.id },
      ctx,
    );
    expect(res).toMatchObject({
      ok: true,
      value: { audit: [{ action: 'insert', actor_name: 'Riley Rep' }] },
    });
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
