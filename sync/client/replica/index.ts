/**
 * The SQLite replica of the desktop client: merged views over server rows and
 * pending local changes, the outbox, shape positions and full-text search.
 * Open one per signed-in account with `Replica.open(path, { actorId })`.
 */
export {
  Replica,
  type ReplicaOptions,
  type CommitEvent,
  type CommitListener,
  type ChangeSource,
  type ChangedTable,
} from './replica.ts';
export {
  Outbox,
  type OutboxEntry,
  type OutboxStatus,
  type LocalMutation,
  type MutationOp,
} from './outbox.ts';
export {
  ServerApply,
  type ServerChange,
  type ShapePosition,
  type ShapeState,
  type ApplyOptions,
  type ApplyReport,
  type ReplaceOptions,
} from './server-apply.ts';
export { BULK_LOAD_ROWS } from './snapshot-staging.ts';
export { LINK_FACTS, LINK_FACT_COUNTS } from './link-facts.ts';
export { isUuidText, textParam, uuidBlob, uuidText, uuidBlobSql, uuidTextSql } from './uuid-blob.ts';
export { SEARCH_TABLES, isSearchTable, toFtsQuery, type SearchTable } from './search-index.ts';
export { searchSnippets, type DocSnippets, type SnippetMarks } from './search-snippets.ts';
export {
  canonicalTimestamp,
  canonicalDate,
  storedTimestamp,
  timestampText,
  timestampTextOrNull,
  timestampDaySql,
  NO_TIMESTAMP,
  toSqlValue,
  fromSqlValue,
  type SqlRow,
  type SqlValue,
} from './sql-types.ts';
export {
  columnSpecs,
  isMutable,
  keyIndexName,
  localTable,
  mergedArms,
  q,
  syncedTable,
  type Arm,
  type MutableTableName,
} from './ddl.ts';
export { MIGRATIONS, LATEST_LOCAL_VERSION } from './migrations.ts';
export { uuidv7, uuidv7Time } from './uuidv7.ts';
export { ensurePrivateDir, tightenFile, removeDatabaseFiles, PRIVATE_FILE_MODE, PRIVATE_DIR_MODE } from './private-files.ts';
export { HistoryCache, type OwnChange, type SavedHistory } from './history-cache.ts';
