/**
 * One broker company per workspace and its demo team: a member in every role
 * (owner, admin, manager, reps, viewer), each a real user with the demo
 * password. Emails are `<handle>@ws<N>.pantry.demo`: the handle is the role
 * (`rep`, `rep2`, ... when there are several reps) and N the workspace's
 * position in the run, so anyone can sign in as a role without a lookup.
 */
import { FIRST_NAMES, LAST_NAMES } from './people.ts';
import { BROKER_SUFFIXES, TERRITORIES, type Territory } from './places.ts';
import type { MemberRole } from '../../sync/schema/index.ts';
import type { MemberRow, Team, UserRow, WorkspaceRow } from './model.ts';
import type { Rng } from './random.ts';

export const DEMO_EMAIL_DOMAIN = 'pantry.demo';

export function demoEmail(handle: string, workspaceIndex: number): string {
  return `${handle}@ws${workspaceIndex}.${DEMO_EMAIL_DOMAIN}`;
}

/** Territories first, then suffixes: ws1..ws5 are five regions, ws6 starts over with a new suffix. */
export function territoryFor(index: number): Territory {
  return TERRITORIES[(index - 1) % TERRITORIES.length] as Territory;
}

export function workspaceName(index: number): string {
  const territory = territoryFor(index);
  const round = Math.floor((index - 1) / TERRITORIES.length);
  const suffix = BROKER_SUFFIXES[round % BROKER_SUFFIXES.length];
  const combos = TERRITORIES.length * BROKER_SUFFIXES.length;
  return `${territory.name} ${suffix}${index > combos ? ` ${Math.ceil(index / combos)}` : ''}`;
}

export interface Tenancy {
  workspace: WorkspaceRow;
  users: UserRow[];
  members: MemberRow[];
  team: Team;
}

export function generateTenancy(rng: Rng, id: () => string, index: number, reps: number): Tenancy {
  const workspaceId = id();
  const handles: [string, MemberRole][] = [
    ['owner', 'owner'],
    ['admin', 'admin'],
    ['manager', 'manager'],
    ...Array.from({ length: reps }, (_, i): [string, MemberRole] => [
      i === 0 ? 'rep' : `rep${i + 1}`,
      'rep',
    ]),
    ['viewer', 'viewer'],
  ];
  const names = new Set<string>();
  const users: UserRow[] = handles.map(([handle, role]) => {
    let name: string;
    do name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    while (names.has(name));
    names.add(name);
    return {
      id: id(),
      email: demoEmail(handle, index),
      display_name: name,
      role,
      workspace_id: workspaceId,
    };
  });
  const members: MemberRow[] = users.map((u) => ({
    id: id(),
    workspace_id: workspaceId,
    user_id: u.id,
    role: u.role,
  }));
  const byRole = (role: MemberRole) => users.filter((u) => u.role === role).map((u) => u.id);
  const team: Team = {
    owner: byRole('owner')[0] as string,
    admin: byRole('admin')[0] as string,
    manager: byRole('manager')[0] as string,
    reps: byRole('rep'),
    viewer: byRole('viewer')[0] as string,
    writers: users.filter((u) => u.role !== 'viewer').map((u) => u.id),
  };
  return {
    workspace: { id: workspaceId, name: workspaceName(index), owner_id: team.owner },
    users,
    members,
    team,
  };
}

/** Who owns an account or a deal: mostly reps, some the manager, a few the owner. */
export function pickSeller(rng: Rng, team: Team): string {
  const r = rng.next();
  if (r < 0.05) return team.owner;
  if (r < 0.2) return team.manager;
  return rng.pick(team.reps);
}
