/** One change message of a shape stream, in neutral form (the consumer maps Electric's messages to it). */
export interface ServerChange {
  op: 'insert' | 'update' | 'delete';
  /**
   * Column values as JavaScript values (Electric's parser or node-postgres).
   * insert: the whole row; update: the key plus at least the changed columns
   * (Electric's default replica mode) or the whole row (replica=full);
   * delete: at least the key. Columns not in sync/schema are ignored.
   */
  row: Record<string, unknown>;
  /** Ids of the server transaction that made the change (Electric's `headers.txids`). */
  txids?: readonly (string | number | bigint)[];
}
