import { describe, expect, it } from 'vitest';
import { defaultScope, scopeOf } from './scope.ts';

describe('Mine / Team default', () => {
  it('starts reps on Mine and everyone else on Team', () => {
    expect(defaultScope('rep')).toBe('mine');
    for (const role of ['owner', 'admin', 'manager', 'viewer', null] as const)
      expect(defaultScope(role), String(role)).toBe('team');
  });

  it('keeps a choice the user made over the role, and ignores anything else stored', () => {
    expect(scopeOf('team', 'rep')).toBe('team');
    expect(scopeOf('mine', 'manager')).toBe('mine');
    expect(scopeOf('role-default', 'rep')).toBe('mine');
    expect(scopeOf('everyone', 'admin')).toBe('team');
  });
});
