/** What the runtime uses of the sync client, in one place (core -> sync client, never the reverse). */
export {
  Replica, HistoryCache, uuidv7, ensurePrivateDir, tightenFile, removeDatabaseFiles,
} from '../../../sync/client/replica/index.ts';
export { SyncClient } from '../../../sync/client/server-link/sync-client.ts';
export { ServerApi, SyncHttpError, type DeviceIdentity } from '../../../sync/client/server-link/server-api.ts';
export { FileTokenStore, type TokenStore } from '../../../sync/client/server-link/token-store.ts';
export type { SyncStatus } from '../../../sync/client/server-link/status.ts';
export type {
  AddedMember, AdminDevice, AdminMember, AdminRejectedMutation, RejectedFilter, RejectedPage, SyncHealth,
} from '../../../sync/client/server-link/admin-answers.ts';
/** The admin answers' schemas, which the admin channels also use for their outputs. */
export {
  addedMemberAnswer, deviceAnswer, devicesAnswer, memberAnswer, membersAnswer, rejectedAnswer, syncHealth,
} from '../../../sync/client/server-link/admin-answers.ts';
