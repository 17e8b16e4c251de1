import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
let g: Graph;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
});
afterEach(() => core.cleanup());

const DAY = 86_400_000;
const deal = (name: string) =>
  c.createOpportunity(core.ctx, { name, organization_id: g.customer }).id;
const close = (
  id: string,
  stage: 'Closed - Stalled' | 'Closed - No Fit',
  close_reason: 'No response' | 'Price or terms' | 'Chose a competitor',
) => c.moveOpportunityStage(core.ctx, { id, stage, close_reason });

describe('dashboard.close_reasons', () => {
  it('counts deals closed as stalled or no fit per reason within the period, most frequent first', () => {
    const old = deal('Closed long ago');
    close(old, 'Closed - Stalled', 'Price or terms');
    core.clock.advance(120 * DAY);
    const [a, b, d, e, won] = ['A', 'B', 'D', 'E', 'Won'].map(deal);
    close(a!, 'Closed - Stalled', 'No response');
    close(b!, 'Closed - No Fit', 'No response');
    close(d!, 'Closed - No Fit', 'Chose a competitor');
    close(e!, 'Closed - Stalled', 'Price or terms');
    c.moveOpportunityStage(core.ctx, { id: won!, stage: 'Closed - Won' });
    // Reopened: no longer stalled, so no longer counted.
    c.moveOpportunityStage(core.ctx, { id: e!, stage: 'Feedback Logged' });

    const report = c.closeReasonReport(core.ctx, {});
    expect(report).toMatchObject({ days: 90, stalled: 1, no_fit: 2 });
    expect(report.reasons).toEqual([
      { close_reason: 'No response', stalled: 1, no_fit: 1, total: 2 },
      { close_reason: 'Chose a competitor', stalled: 0, no_fit: 1, total: 1 },
    ]);
    // A longer period reaches the old one; a deleted deal drops out.
    expect(
      c.closeReasonReport(core.ctx, { days: 365 }).reasons.map((r) => [r.close_reason, r.total]),
    ).toEqual([
      ['No response', 2],
      ['Chose a competitor', 1],
      ['Price or terms', 1],
    ]);
    c.deleteOpportunity(core.ctx, { id: d! });
    expect(c.closeReasonReport(core.ctx, {}).no_fit).toBe(1);
  });

  it("follows the dashboard's Mine / Team switch: mine counts the deals I own", () => {
    const teammate = '0190a000-0000-7000-8000-00000000beef';
    core.serverInsert('users', [
      { id: teammate, email: 'tess@acme.test', display_name: 'Tess Teammate', disabled_at: null },
    ]);
    core.serverInsert('workspace_members', [
      {
        id: '0190a000-0000-7000-8000-00000000cafe',
        workspace_id: core.workspaceId,
        user_id: teammate,
        role: 'rep',
      },
    ]);
    const mine = deal('Mine');
    const theirs = c.createOpportunity(core.ctx, {
      name: 'Theirs',
      organization_id: g.customer,
      owner_id: teammate,
    }).id;
    close(mine, 'Closed - Stalled', 'No response');
    close(theirs, 'Closed - No Fit', 'Chose a competitor');
    expect(c.closeReasonReport(core.ctx, { scope: 'team' })).toMatchObject({
      stalled: 1,
      no_fit: 1,
    });
    expect(c.closeReasonReport(core.ctx, {})).toMatchObject({ stalled: 1, no_fit: 1 });
    const own = c.closeReasonReport(core.ctx, { scope: 'mine' });
    expect(own).toMatchObject({ stalled: 1, no_fit: 0 });
    expect(own.reasons.map((r) => r.close_reason)).toEqual(['No response']);
  });

  it('refuses a period that is not a whole number of days, naming the field', () => {
    expect(() => c.closeReasonReport(core.ctx, { days: 0.5 })).toThrow(/days/);
  });
});
