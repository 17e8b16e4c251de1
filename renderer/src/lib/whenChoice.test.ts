import { describe, expect, it } from 'vitest';
import { defaultInput, localDateTime, whenIssue, whenToIso } from './whenChoice.ts';

// A local wall-clock instant: the picker works in the computer's time zone.
const now = new Date(2026, 5, 15, 14, 30, 0);

describe('whenToIso', () => {
  it('is null for now (the save time is stamped by the core)', () => {
    expect(whenToIso('now', '', now)).toBeNull();
  });
  it('takes a time earlier today, a time yesterday, or any date and time, in local time', () => {
    expect(whenToIso('today', '09:15', now)).toBe(new Date(2026, 5, 15, 9, 15).toISOString());
    expect(whenToIso('yesterday', '17:45', now)).toBe(new Date(2026, 5, 14, 17, 45).toISOString());
    expect(whenToIso('pick', '2026-05-02T08:05', now)).toBe(new Date(2026, 4, 2, 8, 5).toISOString());
    expect(whenToIso('pick', '', now)).toBeNull();
  });
  it('crosses a month boundary for yesterday', () => {
    expect(whenToIso('yesterday', '10:00', new Date(2026, 6, 1, 8, 0))).toBe(new Date(2026, 5, 30, 10, 0).toISOString());
  });
});

describe('defaults and the future', () => {
  it('starts earlier today an hour ago, never before midnight; yesterday at this time', () => {
    expect(defaultInput('today', now)).toBe('13:30');
    expect(defaultInput('today', new Date(2026, 5, 15, 0, 20))).toBe('00:00');
    expect(defaultInput('yesterday', now)).toBe('14:30');
    expect(defaultInput('pick', now)).toBe(localDateTime(now));
  });
  it('refuses a time later than now, as the server would', () => {
    expect(whenIssue(whenToIso('today', '18:00', now), now)).toContain('later than now');
    expect(whenIssue(whenToIso('today', '14:00', now), now)).toBeNull();
    expect(whenIssue(null, now)).toBeNull();
  });
});
