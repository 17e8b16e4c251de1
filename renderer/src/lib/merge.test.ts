import { describe, expect, it } from 'vitest';
import { defaultSurvivor, isChoosable, mergedValue } from './merge.ts';

describe('merge prediction', () => {
  it('keeps the more complete record, and the older one between equals', () => {
    const older = { name: 'Elm', city: null, created_at: '2025-01-01T00:00:00Z' };
    const newer = { name: 'Elm St', city: 'Austin', created_at: '2026-01-01T00:00:00Z' };
    expect(defaultSurvivor('organizations', older, newer)).toBe('b');
    expect(defaultSurvivor('organizations', { ...older, city: 'Reno' }, newer)).toBe('a');
    expect(defaultSurvivor('organizations', newer, { ...older, city: 'Reno' })).toBe('b');
  });

  it('shows a value chosen from either side, and lets no role be chosen', () => {
    const w = { last_name: 'Chef', title: null };
    const l = { last_name: 'Chef-Ortiz', title: 'Head chef' };
    expect(mergedValue('contacts', 'last_name', w, l)).toEqual({ value: 'Chef', fromOther: false });
    expect(mergedValue('contacts', 'last_name', w, l, 'loser')).toEqual({
      value: 'Chef-Ortiz',
      fromOther: true,
    });
    expect(mergedValue('contacts', 'title', w, l, 'winner')).toEqual({
      value: null,
      fromOther: false,
    });
    expect(isChoosable('contacts', 'organization_id')).toBe(true);
    expect(isChoosable('contacts', 'is_key_contact')).toBe(false);
  });
});
