/** How roles read and look on the Admin screen, and what each may do (the server's rules, for the UI). */
import type { MemberRole } from '../../../../sync/schema/index.ts';

export const ROLE_LABEL: Record<MemberRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  rep: 'Rep',
  viewer: 'Viewer',
};

export const ROLE_COLOR: Record<MemberRole, string> = {
  owner: 'grape',
  admin: 'violet',
  manager: 'blue',
  rep: 'teal',
  viewer: 'gray',
};

/** Only an owner grants, changes or removes the owner role (PostgreSQL refuses anyone else). */
export function mayManage(me: MemberRole | null, member: MemberRole): boolean {
  if (me === 'owner') return true;
  return me === 'admin' && member !== 'owner';
}
