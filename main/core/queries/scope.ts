/**
 * "Mine" or "team" as SQL: each screen says which column makes a record mine
 * (a follow-up's assignee, an opportunity's owner, an interaction's author),
 * and this adds the condition and its parameter. 'team' (or no scope) adds none.
 */
import type { z } from 'zod';
import type { scopeInput } from '../../ipc/contract/index.ts';
import type { CoreContext } from '../context.ts';

export type Scope = z.infer<typeof scopeInput>;

/** Adds `<column> = @me` to `where` (and `me` to `params`) when the scope is 'mine'. */
export function addScope(
  ctx: CoreContext,
  scope: Scope | undefined,
  column: string,
  where: string[],
  params: Record<string, unknown>,
): void {
  if (scope !== 'mine') return;
  where.push(`${column} = @me`);
  params.me = ctx.userId;
}
