/**
 * What every command and query runs against: the signed-in account's replica
 * and the workspace the user is working in. A replica may hold several
 * workspaces (one shape per table covers all of the user's); commands write
 * into `workspaceId` and queries read only it.
 */
import type { Replica } from '../../sync/client/replica/index.ts';

export interface CoreContext {
  replica: Replica;
  workspaceId: string;
  /** The signed-in user (owner of new opportunities by default, "mine" filters). */
  userId: string;
}
