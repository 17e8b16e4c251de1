/**
 * Mine or Team: whose records a screen shows first. Reps work their own list;
 * managers, admins and owners look after the team's; a viewer owns nothing.
 */
import type { AppInfo } from '../api/types.ts';

export type Scope = 'mine' | 'team';

export function defaultScope(role: AppInfo['role']): Scope {
  return role === 'rep' ? 'mine' : 'team';
}

/** What is stored for a screen, or the role's default when nothing valid was chosen. */
export function scopeOf(stored: unknown, role: AppInfo['role']): Scope {
  return stored === 'mine' || stored === 'team' ? stored : defaultScope(role);
}
