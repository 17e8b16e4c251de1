import { describe, expect, it } from 'vitest';
import { changedFields, fieldIssue, formIssues } from './validation.ts';

describe('form validation with the sync schemas', () => {
  it('names what is wrong with a field, in words', () => {
    expect(fieldIssue('organizations', 'name', '  ')).toBe('must not be blank');
    expect(fieldIssue('organizations', 'email', 'nope')).toMatch(/email address/);
    expect(fieldIssue('organizations', 'email', '')).toBeNull();
    expect(fieldIssue('products', 'principal_id', undefined)).toBe('is required');
  });

  it('applies the cross-field rules', () => {
    expect(
      formIssues('contacts', { first_name: '', last_name: '' }, ['first_name', 'last_name']),
    ).toEqual({
      last_name: 'a contact needs a first or last name',
    });
  });

  it('sends only changed fields, blanks as null', () => {
    expect(
      changedFields(
        'organizations',
        { name: 'A', phone: '', city: 'X' },
        { name: 'A', phone: '1', city: 'X' },
      ),
    ).toEqual({ phone: null });
  });
});
