/**
 * Inputs for every query of QUERIES that reach its branches on a seedGraph()
 * replica: filters, scopes, each record kind, sorts over timestamps both ways,
 * date ranges. Shared by the tests that run the whole query set (the retired
 * indexes' plans, timestamps leaving the core as text), so a new query or
 * branch is added once and both see it.
 */
import type * as c from '../index.ts';
import type { Graph } from './test-graph.ts';

/** The day the inputs count as today. */
export const INPUT_TODAY = { today: '2026-03-04' };

export function queryInputs(g: Graph): Record<keyof typeof c.QUERIES, object[]> {
  const today = INPUT_TODAY;
  return {
    'dashboard.principals': [{ ...today }, { ...today, scope: 'mine' }],
    'dashboard.pipeline': [{}, { principal_id: g.principal }],
    'dashboard.close_reasons': [{}, { days: 7 }],
    'organizations.list': [
      { limit: 20 },
      { is_principal: true },
      { q: 'bistro' },
      ...['updated_at', 'created_at', 'last_interaction_at', 'name'].flatMap((sort) => [
        { sort },
        { sort, dir: 'desc' },
      ]),
    ],
    'contacts.list': [
      { limit: 20 },
      { organization_id: g.customer },
      { sort: 'updated_at' },
      { sort: 'last_interaction_at' },
    ],
    'products.list': [{ limit: 20 }, { principal_id: g.principal }],
    'opportunities.list': [
      { limit: 20 },
      { principal_id: g.principal },
      { organization_id: g.customer },
      { sort: 'stage_changed_at' },
      { sort: 'last_interaction_at', dir: 'desc' },
    ],
    'interactions.list': [
      { limit: 20 },
      { opportunity_id: g.opportunity },
      { contact_id: g.contact },
      { from: '2026-03-01T00:00:00Z', before: '2026-03-03T00:00:00Z' },
      { follow_up: 'open' },
    ],
    'records.detail': [
      { table: 'organizations', id: g.customer },
      { table: 'organizations', id: g.principal },
      { table: 'contacts', id: g.contact },
      { table: 'opportunities', id: g.opportunity },
      { table: 'products', id: g.product },
      { table: 'interactions', id: g.interaction },
    ],
    'follow_ups.list': [
      { ...today },
      { ...today, principal_id: g.principal },
      { ...today, scope: 'mine' },
    ],
    'follow_ups.counts': [{ ...today }, { ...today, principal_id: g.principal }],
    'follow_ups.reminders': [{ now: '2026-03-04T12:00:00.000Z' }],
    search: [{ q: 'sample' }, { q: 'pending' }, { q: 'chipotle', tables: ['interactions'] }],
    'organizations.duplicates': [{ name: 'Elm Street Bistro' }],
    'contacts.duplicates': [{ first_name: 'Dana', last_name: 'Chef' }],
    'sync.queue': [{}],
    'members.list': [{}, { include_former: true }],
    'interactions.principals': [
      { interaction_id: g.interaction },
      { opportunity_id: g.opportunity },
    ],
  };
}
