/**
 * Follow-up commands on a real replica file: snooze, reschedule, done and its
 * Undo, reassign; each one update mutation with only what changed. And the
 * owner rule of opportunities as the desktop applies it before the server does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import { OWNER_CHANGE_REFUSED } from '../../../sync/schema/index.ts';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
let g: Graph;
let manager: string;
beforeEach(() => {
  core = openTestCore('2026-03-02T10:00:00.000Z');
  g = seedGraph(core);
  manager = uuidv7();
  core.serverInsert('users', [
    { id: manager, email: 'm@acme.test', display_name: 'Max Manager', disabled_at: null },
  ]);
  core.serverInsert('workspace_members', [
    {
      id: uuidv7(),
      workspace_id: core.workspaceId,
      user_id: manager,
      role: 'manager',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      deleted_at: null,
    },
  ]);
});
afterEach(() => core.cleanup());

const row = (id: string) => core.t.replica.getRow('interactions', id)!;
/** The changes of the last mutation queued (what will reach the server). */
function lastChanges(): Record<string, unknown> | null {
  const out = core.t.replica.outbox.nextBatch();
  return (out.at(-1)?.changes ?? null) as Record<string, unknown> | null;
}
const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('follow-up commands', () => {
  it('snoozes to tomorrow and next week from the device’s today, keeping the time', () => {
    c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: '2026-03-04', time: '09:30' });
    core.syncAll();
    const now = core.t.replica.now();
    const inDays = (n: number) =>
      localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + n));
    expect(c.snoozeFollowUp(core.ctx, { id: g.interaction, until: 'tomorrow' }).changed).toEqual([
      'follow_up_date',
    ]);
    expect(row(g.interaction)).toMatchObject({
      follow_up_date: inDays(1),
      follow_up_time: '09:30',
    });
    expect(lastChanges()).toEqual({ follow_up_date: inDays(1) });
    c.snoozeFollowUp(core.ctx, { id: g.interaction, until: 'next_week' });
    expect(row(g.interaction).follow_up_date).toBe(inDays(7));
  });

  it('reschedules to a date and time, and clears the time with null', () => {
    c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: '2026-03-20', time: '16:45' });
    expect(row(g.interaction)).toMatchObject({
      follow_up_date: '2026-03-20',
      follow_up_time: '16:45',
    });
    c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: '2026-03-21', time: null });
    expect(row(g.interaction)).toMatchObject({
      follow_up_date: '2026-03-21',
      follow_up_time: null,
    });
  });

  it('refuses a bad time or date, naming the field', () => {
    expect(() =>
      c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: '2026-03-20', time: '7pm' }),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ['time'] })] }));
    expect(() => c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: 'soon' })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: ['date'] })]),
      }),
    );
  });

  it('marks done and undoes it back to open, and will not snooze a done one', () => {
    c.completeFollowUp(core.ctx, { id: g.interaction });
    expect(row(g.interaction).follow_up_done_at).toBeTruthy();
    expect(() => c.snoozeFollowUp(core.ctx, { id: g.interaction, until: 'tomorrow' })).toThrow(
      /reopen it/,
    );
    c.completeFollowUp(core.ctx, { id: g.interaction, done: false });
    expect(row(g.interaction).follow_up_done_at).toBeNull();
    expect(c.followUps(core.ctx, { today: '2026-03-02' }).rows.map((r) => r.id)).toContain(
      g.interaction,
    );
  });

  it('reassigns to a member, refuses someone who is not one, and leaves plain interactions alone', () => {
    expect(row(g.interaction).follow_up_assignee_id).toBe(core.userId);
    c.reassignFollowUp(core.ctx, { id: g.interaction, assignee_id: manager });
    expect(row(g.interaction).follow_up_assignee_id).toBe(manager);
    expect(lastChanges()).toEqual({ follow_up_assignee_id: manager });
    expect(() =>
      c.reassignFollowUp(core.ctx, { id: g.interaction, assignee_id: uuidv7() }),
    ).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ['assignee_id'] })] }),
    );
    expect(() => c.snoozeFollowUp(core.ctx, { id: g.plainInteraction, until: 'tomorrow' })).toThrow(
      /no follow-up/,
    );
  });

  it('clears the time when the date is cleared (a time needs a date)', () => {
    c.rescheduleFollowUp(core.ctx, { id: g.interaction, date: '2026-03-20', time: '16:45' });
    c.updateInteraction(core.ctx, { id: g.interaction, follow_up_date: null });
    expect(row(g.interaction)).toMatchObject({ follow_up_date: null, follow_up_time: null });
  });
});

describe('the owner rule on the desktop', () => {
  it("lets a rep hand over their own opportunity but not take someone else's", () => {
    c.updateOpportunity(core.ctx, { id: g.opportunity, owner_id: manager });
    core.syncAll();
    expect(core.t.replica.getRow('opportunities', g.opportunity)!.owner_id).toBe(manager);
    expect(() =>
      c.updateOpportunity(core.ctx, { id: g.opportunity, owner_id: core.userId }),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: ['owner_id'], message: OWNER_CHANGE_REFUSED })],
      }),
    );
    // Other fields stay editable.
    expect(
      c.updateOpportunity(core.ctx, { id: g.opportunity, notes: 'still mine to note' }).changed,
    ).toEqual(['notes']);
  });
});
