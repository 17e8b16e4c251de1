/**
 * The workspace's members from the replica (users and workspace_members are
 * replicated), for the owner and account-manager pickers: who can own a record
 * now, and, when asked, former members so an old record's owner still has a name.
 */
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { membersInput, type Member } from '../../ipc/contract/index.ts';

const SQL = `
SELECT u.id AS user_id, u.display_name, u.email, m.role,
       (m.deleted_at IS NOT NULL OR u.disabled_at IS NOT NULL) AS former
FROM workspace_members m
JOIN users u ON u.id = m.user_id
WHERE m.workspace_id = @ws
  AND (@former = 1 OR (m.deleted_at IS NULL AND u.disabled_at IS NULL))
ORDER BY former, u.display_name COLLATE NOCASE, u.id`;

export function members(ctx: CoreContext, input: z.input<typeof membersInput> = {}): Member[] {
  const p = membersInput.parse(input);
  const rows = ctx.replica
    .stmt(SQL)
    .all({ ws: ctx.workspaceId, former: p.include_former ? 1 : 0 }) as Array<
    Omit<Member, 'former'> & { former: number }
  >;
  return rows.map((r) => ({ ...r, former: r.former === 1 }));
}

export const membersQuery = defineQuery({
  name: 'members.list',
  tables: ['users', 'workspace_members'],
  input: membersInput,
  run: members,
});
