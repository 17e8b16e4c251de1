/**
 * What the replica's parts (outbox, overlay, server apply, integrity) need from
 * the open replica: the connection, the clock, transactions and change
 * notices. They depend on this interface, not on the Replica class, because
 * Replica is built from them: importing it back made every part a cycle.
 */
import type Database from 'better-sqlite3';
import type { TableName } from '../../schema/index.ts';

/** Who changed the data in a committed transaction. */
export type ChangeSource = 'local' | 'server' | 'outbox';
/** What changed: view names of replicated tables, plus 'outbox' when outbox entries changed state. */
export type ChangedTable = TableName | 'outbox';

export interface CommitEvent {
  tables: ReadonlySet<ChangedTable>;
  sources: ReadonlySet<ChangeSource>;
}

export type CommitListener = (event: CommitEvent) => void;

export interface ReplicaConnection {
  readonly db: Database.Database;
  /** The signed-in user, stamped on rows changed locally; null when nobody is signed in. */
  readonly actorId: string | null;
  now(): Date;
  /** Now, as the canonical timestamp text stored in the replica. */
  nowIso(): string;
  /** A cached prepared statement speaking uuid text over the file's blob ids (uuid-blob.ts). */
  stmt(sql: string): Database.Statement;
  /** A cached prepared statement binding and returning values as given (writers of row values and search text). */
  rawStmt(sql: string): Database.Statement;
  /** One write transaction; nested calls become savepoints. */
  transaction<T>(fn: () => T): T;
  /** Records that the current transaction changed `table`, for the commit listeners. */
  touch(table: ChangedTable, source: ChangeSource): void;
}
