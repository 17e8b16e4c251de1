import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientMutation } from '../../schema/mutations.ts';
import { independentBatches } from './batch-independence.ts';

const at = '2026-12-06T10:00:00.000Z';
const m = (table: ClientMutation['table'], op: ClientMutation['op'], row_id: string, changes?: Record<string, unknown>): ClientMutation => ({
  mutation_id: randomUUID(),
  table,
  op,
  row_id,
  ...(changes ? { changes } : {}),
  created_at: at,
});

describe('independentBatches', () => {
  const org = randomUUID();
  const contact = randomUUID();
  const other = randomUUID();

  it('lets batches of unrelated records go in either order', () => {
    const first = [m('organizations', 'insert', org, { name: 'A' })];
    const second = [m('organizations', 'insert', other, { name: 'B', segment: 'Retail' })];
    expect(independentBatches(first, second)).toBe(true);
    // Quick logs about the same existing contact: both name it, neither writes it.
    const log1 = [m('interactions', 'insert', randomUUID(), { contact_id: contact, notes: 'one' })];
    const log2 = [m('interactions', 'insert', randomUUID(), { contact_id: contact, notes: 'two' })];
    expect(independentBatches(log1, log2)).toBe(true);
  });

  it('holds back a batch that writes a record the batch ahead writes', () => {
    const create = [m('organizations', 'insert', org, { name: 'A' })];
    const edit = [m('organizations', 'update', org, { city: 'Lyon' })];
    expect(independentBatches(create, edit)).toBe(false);
    expect(independentBatches(edit, [m('organizations', 'delete', org)])).toBe(false);
  });

  it('holds back a batch that names a record the other writes (a foreign key), in either direction', () => {
    const createContact = [m('contacts', 'insert', contact, { first_name: 'Ada' })];
    const logAboutIt = [m('interactions', 'insert', randomUUID(), { contact_id: contact.toUpperCase() })];
    expect(independentBatches(createContact, logAboutIt)).toBe(false);
    const deleteOrg = [m('organizations', 'delete', org)];
    const contactAtOrg = [m('contacts', 'insert', randomUUID(), { organization_id: org })];
    expect(independentBatches(contactAtOrg, deleteOrg)).toBe(false);
  });
});
