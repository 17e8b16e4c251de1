/**
 * The follow-up queries on a real replica file: Mine (assigned to me) and Team,
 * the order of what to do next (overdue, then date and time, unscheduled last),
 * the assignee and principal filters, counts that match their list, and what
 * reminders read (timed follow-ups fallen due, the day's digest).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import { followUpRemindersFor } from './follow-up-reminders.ts';

let core: TestCore;
let g: Graph;
let teammate: string;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
  teammate = uuidv7();
  core.serverInsert('users', [
    { id: teammate, email: 'sam@acme.test', display_name: 'Sam Manager', disabled_at: null },
  ]);
  core.serverInsert('workspace_members', [
    {
      id: uuidv7(),
      workspace_id: core.workspaceId,
      user_id: teammate,
      role: 'manager',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      deleted_at: null,
    },
  ]);
});
afterEach(() => core.cleanup());

/** A follow-up about the seeded contact (opportunity optional), assigned as given. */
function followUp(notes: string, date: string | null, extra: Record<string, unknown> = {}): string {
  return c.logInteraction(core.ctx, {
    interaction_type: 'Phone Call',
    notes,
    contact_id: g.contact,
    follow_up_required: true,
    follow_up_date: date,
    ...extra,
  }).id;
}

const notesOf = (rows: Record<string, unknown>[]) => rows.map((r) => r.notes);

describe('follow_ups.list and counts by scope', () => {
  it("defaults a new follow-up's assignee to its maker; mine shows only mine, team shows everyone's", () => {
    followUp('mine, overdue', '2026-03-01');
    followUp("Sam's", '2026-03-01', { follow_up_assignee_id: teammate });
    core.syncAll();
    const mine = c.followUps(core.ctx, { today: '2026-03-02', scope: 'mine' }).rows;
    expect(mine.every((r) => r.follow_up_assignee_id === core.userId)).toBe(true);
    expect(notesOf(mine)).toContain('mine, overdue');
    expect(notesOf(mine)).not.toContain("Sam's");
    const team = c.followUps(core.ctx, { today: '2026-03-02', scope: 'team' }).rows;
    expect(notesOf(team)).toEqual(expect.arrayContaining(['mine, overdue', "Sam's"]));
    expect(team.find((r) => r.notes === "Sam's")?.assignee_name).toBe('Sam Manager');

    const mineCounts = c.followUpCounts(core.ctx, { today: '2026-03-02', scope: 'mine' });
    const teamCounts = c.followUpCounts(core.ctx, { today: '2026-03-02' });
    expect(teamCounts.overdue - mineCounts.overdue).toBe(1);
    expect(mineCounts.overdue + mineCounts.due + mineCounts.upcoming + mineCounts.unscheduled).toBe(
      mine.length,
    );
  });

  it('filters by assignee and by principal (through the opportunity’s products)', () => {
    followUp("Sam's", '2026-03-05', { follow_up_assignee_id: teammate });
    followUp('about the sauce deal', '2026-03-06', { opportunity_id: g.opportunity });
    const bySam = c.followUps(core.ctx, { today: '2026-03-02', assignee_id: teammate }).rows;
    expect(notesOf(bySam)).toEqual(["Sam's"]);
    const saucy = c.followUps(core.ctx, { today: '2026-03-02', principal_id: g.principal }).rows;
    expect(saucy.every((r) => r.opportunity_id === g.opportunity)).toBe(true);
    expect(notesOf(saucy)).toEqual(['Chef liked the chipotle sample', 'about the sauce deal']);
    expect(c.followUps(core.ctx, { principal_id: g.principal2 }).rows).toEqual([]);
    expect(
      c.followUpCounts(core.ctx, { today: '2026-03-02', principal_id: g.principal }).upcoming,
    ).toBe(2);
  });

  it('sorts what to do next first: overdue, then by date and time (timed before untimed), no date last, across pages', () => {
    followUp('no date', null);
    followUp('today, any time', '2026-03-02');
    followUp('today 14:00', '2026-03-02', { follow_up_time: '14:00' });
    followUp('today 09:30', '2026-03-02', { follow_up_time: '09:30' });
    followUp('overdue', '2026-02-20');
    followUp('next week', '2026-03-09', { follow_up_time: '08:00' });
    const all: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = c.followUps(core.ctx, {
        today: '2026-03-02',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...notesOf(page.rows));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([
      'overdue',
      'today 09:30',
      'today 14:00',
      'today, any time',
      'Chef liked the chipotle sample',
      'next week',
      'no date',
    ]);
  });

  it('refuses an unknown scope, naming the field', () => {
    expect(() => c.followUps(core.ctx, { scope: 'everyone' as never })).toThrow(/mine.*team/);
  });
});

describe('opportunities, pipeline and interactions by scope', () => {
  it('mine is what I own (opportunities, pipeline) and what I logged (interactions)', () => {
    const theirs = c.createOpportunity(core.ctx, {
      name: "Sam's chips",
      organization_id: g.customer2,
      owner_id: teammate,
    }).id;
    core.syncAll();
    const mine = c.opportunityList.run(core.ctx, { scope: 'mine' }).rows.map((r) => r.id);
    expect(mine).toContain(g.opportunity);
    expect(mine).not.toContain(theirs);
    expect(c.opportunityList.run(core.ctx, { scope: 'team' }).rows.map((r) => r.id)).toContain(
      theirs,
    );
    const count = (scope: 'mine' | 'team') =>
      c.pipelineByStage(core.ctx, { scope }).reduce((n, s) => n + s.opportunities_count, 0);
    expect(count('team') - count('mine')).toBe(1);

    // Interactions the server says someone else logged are not mine.
    core.serverInsert('interactions', [
      {
        id: uuidv7(),
        workspace_id: core.workspaceId,
        interaction_type: 'Email',
        interaction_date: '2026-03-01T09:00:00Z',
        notes: 'logged by Sam',
        sentiment: 'Neutral',
        contact_id: g.contact,
        follow_up_required: false,
        created_by: teammate,
        updated_by: teammate,
        created_at: '2026-03-01T09:00:00Z',
        updated_at: '2026-03-01T09:00:00Z',
      },
    ]);
    expect(notesOf(c.interactionList.run(core.ctx, { scope: 'mine' }).rows)).not.toContain(
      'logged by Sam',
    );
    expect(notesOf(c.interactionList.run(core.ctx, {}).rows)).toContain('logged by Sam');
  });
});

describe('principal cards by scope', () => {
  it("mine counts what I logged, follow-ups assigned to me and deals I own; team counts everyone's", () => {
    core.syncAll();
    const card = (scope: 'mine' | 'team') =>
      c.principalDashboard(core.ctx, { scope }).find((p) => p.principal_id === g.principal)!;
    const team0 = card('team');
    // Everything so far is this user's own work.
    expect(card('mine')).toEqual(team0);
    expect(team0.interactions_count).toBeGreaterThan(0);

    // Sam logs a meeting with the principal itself (a derived link, as the server sends it),
    // with an overdue follow-up of his own, and owns a deal for the principal's product.
    const meeting = uuidv7();
    const stamp = { created_by: teammate, updated_by: teammate, created_at: '2026-03-01T09:00:00Z', updated_at: '2026-03-01T09:00:00Z' };
    core.serverInsert('interactions', [
      {
        id: meeting,
        workspace_id: core.workspaceId,
        interaction_type: 'Meeting',
        interaction_date: '2026-03-01T09:00:00Z',
        notes: "Sam's meeting",
        sentiment: 'Neutral',
        organization_id: g.principal,
        follow_up_required: true,
        follow_up_date: '2026-02-01',
        follow_up_assignee_id: teammate,
        ...stamp,
      },
    ]);
    core.serverInsert('interaction_principals', [
      { id: uuidv7(), workspace_id: core.workspaceId, interaction_id: meeting, principal_id: g.principal, source: 'derived', ...stamp },
    ]);
    const samsDeal = c.createOpportunity(core.ctx, { name: "Sam's deal", organization_id: g.customer2, owner_id: teammate }).id;
    c.addOpportunityProduct(core.ctx, { opportunity_id: samsDeal, product_id: g.product });
    core.syncAll();

    const team = card('team');
    const mine = card('mine');
    expect(team.interactions_count).toBe(team0.interactions_count + 1);
    expect(team.follow_ups_due_count).toBe(team0.follow_ups_due_count + 1);
    expect(team.opportunities_count).toBe(team0.opportunities_count + 1);
    expect(mine).toMatchObject({
      interactions_count: team0.interactions_count,
      follow_ups_due_count: team0.follow_ups_due_count,
      opportunities_count: team0.opportunities_count,
      last_activity_at: team0.last_activity_at,
      products_count: team.products_count,
    });
    // Scope is checked like every input: a wrong value names the field.
    expect(() => c.principalDashboard(core.ctx, { scope: 'everyone' as 'team' })).toThrow(/scope/);
  });
});

describe('follow_ups.reminders', () => {
  const at = (h: number, m: number) => new Date(2026, 2, 2, h, m).toISOString();

  it('lists my timed follow-ups of today once their time has come, and counts the day', () => {
    followUp('call at 09:30', '2026-03-02', { follow_up_time: '09:30' });
    followUp('call at 11:00', '2026-03-02', { follow_up_time: '11:00' });
    followUp("Sam's 09:00", '2026-03-02', {
      follow_up_time: '09:00',
      follow_up_assignee_id: teammate,
    });
    followUp('overdue', '2026-02-27');
    const early = followUpRemindersFor(core.ctx, { now: at(9, 0) });
    expect(early).toMatchObject({
      today: '2026-03-02',
      today_count: 3,
      overdue_count: 1,
      fallen_due: [],
    });
    const later = followUpRemindersFor(core.ctx, { now: at(10, 15) });
    expect(later.fallen_due).toEqual([
      expect.objectContaining({
        notes: 'call at 09:30',
        follow_up_time: '09:30',
        about: 'Dana Chef',
      }),
    ]);
    const done = later.fallen_due[0]!.id;
    c.completeFollowUp(core.ctx, { id: done });
    expect(
      followUpRemindersFor(core.ctx, { now: at(11, 0) }).fallen_due.map((f) => f.notes),
    ).toEqual(['call at 11:00']);
  });
});
