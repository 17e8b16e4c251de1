/**
 * Whether a transaction's effects are in a PostgreSQL snapshot, decided once
 * for both ends of sync: the server's shape engine (does a replicated change
 * fall inside a shape's initial snapshot?) and the client's shape consumer
 * (did the snapshot a shape started from already contain my mutation?).
 *
 * pg_current_snapshot() gives 64-bit xids, pgoutput and the mutation endpoint
 * 32-bit ones, so everything is compared on the low 32 bits with PostgreSQL's
 * own modulo-2^32 rule (TransactionIdPrecedes); that holds across an epoch
 * boundary for any xid within 2^31 of the snapshot, which a live one is.
 */

/** The low 32 bits of an xid (xid8 text from PostgreSQL, a bigint, or already 32-bit). */
export function xid32(xid: bigint | number | string): number {
  return Number(BigInt(xid) & 0xffff_ffffn);
}

/** A snapshot on 32-bit xids: xmin, xmax and which xids were in progress (xip). */
export interface XidSnapshot {
  xmin: number;
  xmax: number;
  inProgress: (xid: number) => boolean;
}

/** PostgreSQL's TransactionIdPrecedes: a before b, modulo 2^32. */
const precedes = (a: number, b: number): boolean => ((a - b) | 0) < 0;

/** Visible: committed before xmin, or before xmax and not in progress when the snapshot was taken. */
export function xidVisibleInSnapshot(xid: number, snapshot: XidSnapshot): boolean {
  if (precedes(xid, snapshot.xmin)) return true;
  if (!precedes(xid, snapshot.xmax)) return false;
  return !snapshot.inProgress(xid);
}
