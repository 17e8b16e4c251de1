/**
 * Positions in a shape log, written as Electric writes them: `<tx>_<op>`.
 *
 * Layout (as Electric's): the initial snapshot lives at tx 0 (`0_<row index>`, then the
 * snapshot-end marker), every replicated change at `<commit LSN as a decimal>_<op index in
 * that transaction for this shape>`. `-1` is before everything and `<tx>_inf` after every
 * op of `tx`, so `0_inf` means "the whole snapshot and nothing else".
 * The client treats offsets as opaque strings; only the server compares them.
 */
export interface LogOffset {
  /** -1n only for the `-1` offset. */
  readonly lsn: bigint;
  /** Infinity for `_inf`. */
  readonly op: number;
}

export const BEFORE_ALL: LogOffset = { lsn: -1n, op: 0 };
export const SNAPSHOT_END: LogOffset = { lsn: 0n, op: Infinity };

/** Largest op index stored in SQLite; stands in for `inf` in range queries. */
export const MAX_OP = Number.MAX_SAFE_INTEGER;

const OFFSET_RE = /^(\d{1,20})_(\d{1,15}|inf)$/;

/** Parses `-1` or `<tx>_<op>`/`<tx>_inf`; null when malformed (the caller answers 400). */
export function parseOffset(text: string): LogOffset | null {
  if (text === '-1') return BEFORE_ALL;
  const m = OFFSET_RE.exec(text);
  if (!m) return null;
  const lsn = BigInt(m[1]!);
  if (lsn > 0xffff_ffff_ffff_ffffn) return null;
  const op = m[2] === 'inf' ? Infinity : Number(m[2]);
  if (op !== Infinity && op > MAX_OP) return null;
  return { lsn, op };
}

export function formatOffset(o: LogOffset): string {
  if (o.lsn < 0n) return '-1';
  return `${o.lsn}_${o.op === Infinity ? 'inf' : o.op}`;
}

export function compareOffsets(a: LogOffset, b: LogOffset): number {
  if (a.lsn !== b.lsn) return a.lsn < b.lsn ? -1 : 1;
  if (a.op === b.op) return 0;
  return a.op < b.op ? -1 : 1;
}

/** PostgreSQL's `X/Y` text form of an LSN, as replication commands want it. */
export function lsnToPg(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffff_ffffn).toString(16).toUpperCase()}`;
}

export function lsnFromPg(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!m) throw new Error(`not an LSN: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}
