import { describe, expect, it } from 'vitest';
import { daysInStage } from './stageAge.ts';

const now = new Date('2026-03-10T12:00:00Z');

describe('daysInStage', () => {
  it('counts whole days since the stage changed', () => {
    expect(daysInStage('2026-03-10T08:00:00Z', now)).toBe('today');
    expect(daysInStage('2026-03-09T11:00:00Z', now)).toBe('1 day');
    expect(daysInStage('2026-02-20T12:00:00Z', now)).toBe('18 days');
  });

  it('says nothing without a date, and never a negative age', () => {
    expect(daysInStage(null, now)).toBeNull();
    expect(daysInStage('not a date', now)).toBeNull();
    expect(daysInStage('2026-03-11T12:00:00Z', now)).toBe('today');
  });
});
