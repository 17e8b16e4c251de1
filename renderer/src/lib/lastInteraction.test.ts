import { describe, expect, it } from 'vitest';
import { lastInteraction } from './lastInteraction.ts';

describe('lastInteraction', () => {
  it('reads the column relative to now, with the exact time for a tooltip', () => {
    const r = lastInteraction('2026-03-08T12:00:00Z', new Date('2026-03-10T12:00:00Z'));
    expect(r.text).toBe('2 days ago');
    expect(r.exact).toMatch(/2026/);
  });

  it('says never when nobody has talked to them', () => {
    expect(lastInteraction(null)).toEqual({ text: 'never', exact: null });
  });
});
