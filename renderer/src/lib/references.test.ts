import { describe, expect, it } from 'vitest';
import { memberOf, referenceOf } from './references.ts';

const id = '018cc251-f492-76db-8005-960edf8bc0a6';

describe('referenceOf', () => {
  it('names the table a reference column points to', () => {
    expect(referenceOf('contact_id', id)).toEqual({ table: 'contacts', id });
    expect(referenceOf('primary_contact_id', id)).toEqual({ table: 'contacts', id });
    expect(referenceOf('distributor_id', id)).toEqual({ table: 'organizations', id });
    expect(referenceOf('opportunity_id', id)).toEqual({ table: 'opportunities', id });
    expect(referenceOf('product_id', id)).toEqual({ table: 'products', id });
  });

  it('leaves other fields and values alone', () => {
    expect(referenceOf('notes', id)).toBeNull();
    expect(referenceOf('contact_id', null)).toBeNull();
    expect(referenceOf('contact_id', 'not an id')).toBeNull();
    // Users have no record page: memberOf names them instead.
    expect(referenceOf('owner_id', id)).toBeNull();
  });

  it('recognises member columns (owner, account manager, assignee) and nothing else', () => {
    expect(memberOf('owner_id', id)).toBe(id);
    expect(memberOf('account_manager_id', id)).toBe(id);
    expect(memberOf('follow_up_assignee_id', id)).toBe(id);
    expect(memberOf('contact_id', id)).toBeNull();
    expect(memberOf('owner_id', null)).toBeNull();
    expect(memberOf('owner_id', 'someone')).toBeNull();
  });
});
