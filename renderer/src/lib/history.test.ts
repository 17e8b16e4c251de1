import { describe, expect, it } from 'vitest';
import type { AuditRow, OutboxEntry } from '../api/types.ts';
import { delayText, historyOf, stageMoves } from './history.ts';

const audit = (over: Partial<AuditRow>): AuditRow => ({
  id: 'a',
  workspace_id: 'w',
  table_name: 'opportunities',
  record_id: 'r',
  action: 'update',
  actor_id: 'u',
  actor_name: 'Lee',
  changed_fields: [],
  old_values: null,
  new_values: null,
  transaction_id: '1',
  occurred_at: '2026-01-01T10:00:00.000Z',
  ...over,
});
const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  seq: 1,
  mutation_id: 'm',
  table: 'opportunities',
  op: 'update',
  row_id: 'r',
  workspace_id: null,
  changes: {},
  created_at: '2026-01-03T10:00:00.000Z',
  status: 'pending',
  attempts: 0,
  last_error: null,
  sent_at: null,
  applied_at: null,
  txid: null,
  rejection: null,
  ...over,
});

describe('historyOf', () => {
  it('hides what sync/schema marks server-written for that table, and only for it', () => {
    const [stage] = historyOf(
      [
        audit({
          changed_fields: ['stage', 'stage_changed_at', 'updated_at'],
          old_values: { stage: 'Lead', stage_changed_at: 'x', updated_at: 'x' },
          new_values: { stage: 'Demo', stage_changed_at: 'y', updated_at: 'y' },
        }),
      ],
      [],
    );
    expect(stage!.changes.map((c) => c.field)).toEqual(['stage']);
    // opportunity_id is server-written in opportunity_principals, never in interactions.
    const [logged] = historyOf(
      [],
      [entry({ table: 'interactions', op: 'insert', changes: { opportunity_id: 'o', notes: 'Hi', id: 'i' } })],
    );
    expect(logged!.changes.map((c) => c.field).sort()).toEqual(['notes', 'opportunity_id']);
  });

  it('merges the audit trail and local changes, newest first, without bookkeeping fields', () => {
    const h = historyOf(
      [
        audit({
          id: 'a1',
          action: 'insert',
          new_values: { name: 'X', stage: 'New Lead', updated_at: 't', notes: null },
          occurred_at: '2026-01-01T10:00:00.000Z',
        }),
        audit({
          id: 'a2',
          changed_fields: ['stage', 'updated_at'],
          old_values: { stage: 'New Lead' },
          new_values: { stage: 'Initial Outreach' },
          occurred_at: '2026-01-02T10:00:00.000Z',
        }),
      ],
      [entry({ mutation_id: 'm1', changes: { stage: 'Demo Scheduled' } })],
    );
    expect(h.map((e) => [e.source, e.action])).toEqual([
      ['local', 'changed'],
      ['server', 'changed'],
      ['server', 'created'],
    ]);
    expect(h[1]!.changes).toEqual([{ field: 'stage', old: 'New Lead', new: 'Initial Outreach' }]);
    expect(h[2]!.changes.map((c) => c.field)).toEqual(['name', 'stage']);
  });

  it('chains local stage moves so each says where it came from', () => {
    const h = historyOf(
      [],
      [
        entry({
          mutation_id: 'm1',
          op: 'insert',
          changes: { name: 'X', stage: 'New Lead' },
          created_at: '2026-01-01T00:00:00.000Z',
        }),
        entry({
          mutation_id: 'm2',
          changes: { stage: 'Initial Outreach' },
          created_at: '2026-01-02T00:00:00.000Z',
        }),
      ],
    );
    expect(stageMoves(h).map((m) => [m.from, m.to])).toEqual([
      [undefined, 'New Lead'],
      ['New Lead', 'Initial Outreach'],
    ]);
  });
});

describe('stage moves made offline (issue 12)', () => {
  it('are dated when the user made them, with when the server received them beside', () => {
    const moves = stageMoves(
      historyOf(
        [
          audit({
            id: 'offline',
            changed_fields: ['stage', 'stage_changed_at', 'stage_change_received_at'],
            old_values: { stage: 'New Lead' },
            new_values: { stage: 'Demo Scheduled', stage_changed_at: '2026-01-01T07:00:00+00:00' },
            occurred_at: '2026-01-01T10:00:00.000Z',
          }),
          audit({
            id: 'online',
            changed_fields: ['stage', 'stage_changed_at'],
            old_values: { stage: 'Demo Scheduled' },
            new_values: { stage: 'Closed - Won', stage_changed_at: '2026-01-02T10:00:00.000+00:00' },
            occurred_at: '2026-01-02T10:00:00.000Z',
          }),
        ],
        [],
      ),
    );
    expect(moves).toEqual([
      { at: '2026-01-01T07:00:00.000Z', receivedAt: '2026-01-01T10:00:00.000Z', who: 'Lee', from: 'New Lead', to: 'Demo Scheduled', source: 'server' },
      { at: '2026-01-02T10:00:00.000Z', who: 'Lee', from: 'Demo Scheduled', to: 'Closed - Won', source: 'server' },
    ]);
  });
});

describe('delayText', () => {
  it('says how long a change waited before it reached the server', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const after = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
    expect(delayText(at, after(6_400))).toBe('6 s');
    expect(delayText(at, after(40 * 60_000))).toBe('40 min');
    expect(delayText(at, after(3 * 3_600_000))).toBe('3 h');
    expect(delayText(at, after(4 * 86_400_000))).toBe('4 days');
  });
});
