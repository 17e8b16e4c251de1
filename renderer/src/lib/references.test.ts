import { describe, expect, it } from 'vitest';
import { referenceOf } from './references.ts';

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
    // Users have no record page: their ids stay as they were.
    expect(referenceOf('owner_id', id)).toBeNull();
  });
});
