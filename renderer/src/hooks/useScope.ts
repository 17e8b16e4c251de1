/**
 * Mine or Team on a screen, remembered per user and per screen on this
 * computer (localStorage through Mantine's useLocalStorage, like the other UI
 * preferences: every user of the hook in the window sees a change at once, so
 * the navigation badge follows the follow-ups screen's switch). Reps start on
 * Mine, managers, admins and owners on Team. A local workspace has one person:
 * everything is theirs, so there is no switch and the scope is Team.
 */
import { useLocalStorage } from '@mantine/hooks';
import { scopeOf, type Scope } from '../lib/scope.ts';
import { useAppInfo } from './useAppInfo.ts';

export type { Scope };
export type ScopeScreen = 'dashboard' | 'follow_ups' | 'opportunities' | 'interactions';

export function useScope(screen: ScopeScreen): {
  scope: Scope;
  setScope: (s: Scope) => void;
  /** False in a local workspace: no switch to show. */
  switchable: boolean;
} {
  const info = useAppInfo();
  const switchable = info.account.kind === 'server';
  // Only a choice the user made is stored: until then the role decides, and the role of a
  // new sign-in arrives with the first sync, after the first render.
  const [stored, setStored] = useLocalStorage<Scope | 'role-default'>({
    key: `pantry.scope.${info.user_id}.${screen}`,
    defaultValue: 'role-default',
    getInitialValueInEffect: false,
  });
  const chosen = scopeOf(stored, info.role);
  return { scope: switchable ? chosen : 'team', setScope: setStored, switchable };
}
