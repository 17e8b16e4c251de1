/**
 * Who may change an opportunity's owner, written once for the desktop (the
 * form disables the field, the core refuses the change) and mirrored by the
 * server's trigger (migration 0016, crm.guard_opportunity_owner), which
 * decides: the owner (to hand it over), managers, admins and workspace owners;
 * anyone who writes may claim an opportunity that has no owner.
 */
import type { MemberRole } from './enums.ts';

export const OWNER_CHANGE_REFUSED =
  "only the opportunity's owner, a manager or an admin can change who owns it";

const ASSIGNING_ROLES: readonly MemberRole[] = ['owner', 'admin', 'manager'];

export function mayChangeOwner(
  role: MemberRole | null | undefined,
  currentOwnerId: string | null | undefined,
  userId: string,
): boolean {
  if (!currentOwnerId || currentOwnerId === userId) return true;
  return role ? ASSIGNING_ROLES.includes(role) : false;
}
