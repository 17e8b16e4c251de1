import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MUTABLE_TABLES } from '../../../sync/schema/index.ts';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import { COMMANDS, issuesOf } from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
let g: Graph;

beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
});
afterEach(() => core.cleanup());

/** Everything a command could have written: the outbox and every overlay table. */
function snapshot(): string {
  const db = core.t.replica.db;
  const parts = [db.prepare('SELECT * FROM outbox ORDER BY seq').all()];
  for (const t of MUTABLE_TABLES)
    parts.push(db.prepare(`SELECT * FROM ${t}_local ORDER BY id`).all());
  parts.push(db.prepare('SELECT count(*) FROM search_docs').all());
  return JSON.stringify(parts);
}

type Case = [name: keyof typeof COMMANDS, input: () => unknown, field: string];

const cases: Case[] = [
  ['organizations.create', () => ({ name: '  ', email: 'nope' }), 'name'],
  ['organizations.create', () => ({ name: 'Ok', email: 'nope' }), 'email'],
  ['organizations.update', () => ({ id: g.customer, website: 'x'.repeat(301) }), 'website'],
  ['organizations.update', () => ({ id: g.principal, is_principal: false }), 'is_principal'],
  ['organizations.update', () => ({ id: g.customer, is_customer: false }), 'is_customer'],
  ['organizations.create', () => ({ name: 'Nothing Inc', is_customer: false }), 'is_customer'],
  [
    'organizations.update',
    () => ({ id: g.customer, account_manager_id: uuidv7() }),
    'account_manager_id',
  ],
  ['organizations.delete', () => ({ id: 'not-a-uuid' }), 'id'],
  ['organizations.restore', () => ({}), 'id'],
  ['organizations.merge', () => ({ winner_id: g.customer, loser_id: g.customer }), 'loser_id'],
  ['contacts.create', () => ({ first_name: '', last_name: null, email: 'a@b.co' }), 'last_name'],
  ['contacts.create', () => ({ last_name: 'Chef', organization_id: uuidv7() }), 'organization_id'],
  ['contacts.update', () => ({ id: g.contact, phone: 'call me' }), 'phone'],
  ['contacts.update', () => ({ id: g.contact, advocacy_status: 'Fan' }), 'advocacy_status'],
  ['contacts.delete', () => ({ id: 7 }), 'id'],
  ['contacts.restore', () => ({ id: null }), 'id'],
  ['contacts.merge', () => ({ winner_id: 'x', loser_id: g.contact }), 'winner_id'],
  ['products.create', () => ({ name: 'Hot Sauce', principal_id: g.customer }), 'principal_id'],
  ['products.create', () => ({ name: 'Hot Sauce' }), 'principal_id'],
  ['products.update', () => ({ id: g.product, name: ' ' }), 'name'],
  ['products.delete', () => ({ id: '' }), 'id'],
  ['products.restore', () => ({ id: 'zzz' }), 'id'],
  [
    'opportunities.create',
    () => ({ name: 'Trial', organization_id: g.distributor, distributor_id: g.distributor }),
    'distributor_id',
  ],
  [
    'opportunities.create',
    () => ({ name: 'Trial', organization_id: g.customer, distributor_id: g.customer2 }),
    'distributor_id',
  ],
  [
    'opportunities.create',
    () => ({
      name: 'Trial',
      organization_id: g.customer,
      stage_changed_at: '2026-01-01T00:00:00Z',
    }),
    'stage_changed_at',
  ],
  ['opportunities.update', () => ({ id: g.opportunity, stage: 'Won big' }), 'stage'],
  ['opportunities.update', () => ({ id: g.opportunity }), 'id'],
  ['opportunities.move_stage', () => ({ id: g.opportunity, stage: 'Closed' }), 'stage'],
  ['opportunities.delete', () => ({ id: 'x' }), 'id'],
  ['opportunities.restore', () => ({ id: 'x' }), 'id'],
  [
    'opportunities.add_product',
    () => ({ opportunity_id: g.opportunity, product_id: uuidv7() }),
    'product_id',
  ],
  [
    'opportunities.add_product',
    () => ({ opportunity_id: g.opportunity, product_id: g.product2, notes: 'n'.repeat(2001) }),
    'notes',
  ],
  [
    'opportunities.remove_product',
    () => ({ opportunity_id: 'x', product_id: g.product }),
    'opportunity_id',
  ],
  [
    'interactions.log',
    () => ({ interaction_type: 'Phone Call', notes: 'about nothing' }),
    'contact_id',
  ],
  [
    'interactions.log',
    () => ({ interaction_type: 'Smoke signal', contact_id: g.contact }),
    'interaction_type',
  ],
  [
    'interactions.log',
    () => ({
      interaction_type: 'Email',
      contact_id: g.contact,
      follow_up_required: false,
      follow_up_date: '2026-03-05',
    }),
    'follow_up_date',
  ],
  [
    'interactions.log',
    () => ({ interaction_type: 'Email', contact_id: g.contact, interaction_date: 'yesterday' }),
    'interaction_date',
  ],
  [
    'interactions.update',
    () => ({ id: g.interaction, follow_up_date: '2026-13-45' }),
    'follow_up_date',
  ],
  [
    'interactions.update',
    () => ({ id: g.interaction, organization_id: null, contact_id: null, opportunity_id: null }),
    'contact_id',
  ],
  ['interactions.delete', () => ({ id: 'x' }), 'id'],
  ['interactions.restore', () => ({ id: 'x' }), 'id'],
  [
    'interactions.set_principals',
    () => ({ interaction_id: g.interaction, principal_ids: [g.customer] }),
    'principal_ids',
  ],
  [
    'interactions.set_principals',
    () => ({ interaction_id: g.interaction, principal_ids: [g.principal, g.principal] }),
    'principal_ids',
  ],
  [
    'interactions.set_principals',
    () => ({ interaction_id: 'x', principal_ids: [] }),
    'interaction_id',
  ],
  ['interactions.complete_follow_up', () => ({ id: g.plainInteraction }), 'follow_up_done_at'],
  ['interactions.complete_follow_up', () => ({ id: g.interaction, done: 'yes' }), 'done'],
  ['follow_ups.snooze', () => ({ id: g.interaction, until: 'someday' }), 'until'],
  [
    'follow_ups.reschedule',
    () => ({ id: g.interaction, date: '2026-03-20', time: '25:00' }),
    'time',
  ],
  ['follow_ups.reassign', () => ({ id: g.interaction, assignee_id: uuidv7() }), 'assignee_id'],
  [
    'interactions.update',
    () => ({ id: g.interaction, follow_up_assignee_id: uuidv7() }),
    'follow_up_assignee_id',
  ],
  ['csv.preview_import', () => ({ table: 'widgets', csv: 'name\nx' }), 'table'],
  ['csv.import', () => ({ table: 'organizations', csv: '' }), 'csv'],
  ['csv.import', () => ({ table: 'organizations', csv: 'name\n"unclosed' }), 'csv'],
  ['csv.export', () => ({ table: 'organizations', colour: 'blue' }), 'colour'],
  ['sync.retry_rejected', () => ({ mutation_id: 'x' }), 'mutation_id'],
  ['sync.discard_rejected', () => ({}), 'mutation_id'],
  ['session.prepare_sign_out', () => ({ unsynced: 'maybe' }), 'unsynced'],
];

describe('every command refuses bad input with a zod error naming the field, writing nothing', () => {
  it('covers every command', () => {
    const covered = new Set(cases.map(([n]) => n));
    expect(Object.keys(COMMANDS).filter((n) => !covered.has(n as keyof typeof COMMANDS))).toEqual(
      [],
    );
  });

  it.each(cases)('%s: %#', (name, input, field) => {
    const before = snapshot();
    let caught: unknown;
    try {
      COMMANDS[name].run(core.ctx, input());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(z.ZodError);
    expect(issuesOf(caught as z.ZodError).map((i) => i.field)).toContain(field);
    expect(snapshot()).toBe(before);
  });

  it('accepts what the channel schema accepts (the listed input schemas parse valid input)', () => {
    expect(COMMANDS['organizations.create'].input.safeParse({ name: 'New Co' }).success).toBe(true);
    expect(
      COMMANDS['interactions.log'].input.safeParse({
        interaction_type: 'Note',
        contact_id: g.contact,
      }).success,
    ).toBe(true);
  });
});
