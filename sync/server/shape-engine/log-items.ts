/**
 * Electric's log items, built as JSON text once when a change is stored (the log holds
 * ready-to-send bodies, so serving a chunk is a string join).
 *
 * Rules (Electric's, see ELECTRIC-PROTOCOL.md §9): an update whose old row matched the
 * where clause and whose new row does not becomes a delete, the reverse an insert with the
 * full row; an update touching no selected column is dropped; replica=default sends the
 * primary key plus changed columns for updates and the key alone for deletes, replica=full
 * sends full rows and `old_value` (the previous values of the changed columns); a primary
 * key change is a delete of the old key and an insert of the new one.
 */
import type { LogEntry } from './log-store.ts';
import type { Row } from './where-compile.ts';

export interface ShapeView {
  /** `"schema"."table"` with `/` and `.` doubled, the prefix of every key. */
  readonly keyPrefix: string;
  /** `["public","items"]` */
  readonly relationJson: string;
  readonly pk: readonly string[];
  readonly columns: readonly string[];
  readonly replica: 'default' | 'full';
  matches(row: Row): boolean;
}

export type RowChange =
  | { kind: 'insert'; newRow: Row }
  | { kind: 'update'; oldRow: Row; newRow: Row }
  | { kind: 'delete'; oldRow: Row };

/** One item before it gets its place in the log (lsn, op position, `last`). */
export interface PendingItem {
  operation: 'insert' | 'update' | 'delete';
  key: string;
  value: string;
  oldValue?: string;
  keyChange?: { to?: string; from?: string };
}

export function keyPrefix(schema: string, table: string): string {
  const esc = (s: string) => s.replace(/\//g, '//').replace(/\./g, '..');
  return `"${esc(schema)}"."${esc(table)}"`;
}

/** Electric's record key: PK values quoted, `/` doubled, NULL as `_`. */
export function buildKey(prefix: string, row: Row, pk: readonly string[]): string {
  let key = prefix;
  for (const c of pk) {
    const v = row[c];
    key += v === null || v === undefined ? '/_' : `/"${v.replace(/\//g, '//')}"`;
  }
  return key;
}

/** `"name":` per column name, computed once (names repeat on every row). */
const quotedNames = new Map<string, string>();
const quotedName = (c: string): string => {
  let q = quotedNames.get(c);
  if (q === undefined) quotedNames.set(c, (q = `${JSON.stringify(c)}:`));
  return q;
};

/** `{"col":"text",...}` for the given columns, values as PostgreSQL text or null. */
export function valueJson(row: Row, columns: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const v = row[c];
    out += `${i ? ',' : ''}${quotedName(c)}${v === null || v === undefined ? 'null' : JSON.stringify(v)}`;
  }
  return `${out}}`;
}

/**
 * Snapshot rows (values in `view.columns` order) as inserts without lsn/txids, as
 * Electric's snapshot rows are. Built from the value arrays directly: this runs for every
 * row of every snapshot.
 */
export function snapshotBodies(
  view: ShapeView,
  rows: ReadonlyArray<ReadonlyArray<string | null>>,
): string[] {
  const prefixes = view.columns.map((c, i) => `${i ? ',' : '{'}${quotedName(c)}`);
  const pkIndexes = view.pk.map((k) => view.columns.indexOf(k));
  const tail = `},"headers":{"operation":"insert","relation":${view.relationJson}}}`;
  return rows.map((values) => {
    let key = view.keyPrefix;
    for (const i of pkIndexes) {
      const v = values[i];
      key += v === null || v === undefined ? '/_' : `/"${v.replace(/\//g, '//')}"`;
    }
    let out = `{"key":${JSON.stringify(key)},"value":`;
    for (let i = 0; i < prefixes.length; i++) {
      const v = values[i];
      out += prefixes[i]! + (v === null || v === undefined ? 'null' : JSON.stringify(v));
    }
    return out + tail;
  });
}

/**
 * Groups snapshot messages into pre-joined chunk rows (see LogEntry): a chunk closes at the
 * message that brings it to the byte threshold, as it would message by message.
 */
export class SnapshotChunker {
  private parts: string[] = [];
  private bytes = 0;
  /** Messages added so far. */
  count = 0;

  constructor(private readonly threshold: number) {}

  /** Adds messages; returns the chunks they completed. */
  add(bodies: readonly string[]): LogEntry[] {
    const out: LogEntry[] = [];
    for (const body of bodies) {
      this.parts.push(body);
      this.bytes += Buffer.byteLength(body) + 1;
      this.count++;
      if (this.bytes >= this.threshold) {
        out.push({ lsn: 0n, op: this.count - 1, body: this.parts.join(','), closesChunk: true });
        this.parts = [];
        this.bytes = 0;
      }
    }
    return out;
  }

  /** The open remainder followed by `last` (the snapshot-end message, at op = count). */
  finish(last: string): LogEntry {
    this.parts.push(last);
    return { lsn: 0n, op: this.count, body: this.parts.join(',') };
  }
}

export function itemsForChange(view: ShapeView, change: RowChange): PendingItem[] {
  if (change.kind === 'insert') {
    return view.matches(change.newRow) ? [insertItem(view, change.newRow)] : [];
  }
  if (change.kind === 'delete') {
    return view.matches(change.oldRow) ? [deleteItem(view, change.oldRow)] : [];
  }
  const { oldRow, newRow } = change;
  const wasIn = view.matches(oldRow);
  const isIn = view.matches(newRow);
  if (!wasIn && !isIn) return [];
  if (wasIn && !isIn) return [deleteItem(view, oldRow)];
  if (!wasIn) return [insertItem(view, newRow)];

  const oldKey = buildKey(view.keyPrefix, oldRow, view.pk);
  const newKey = buildKey(view.keyPrefix, newRow, view.pk);
  if (oldKey !== newKey) {
    const del = deleteItem(view, oldRow);
    const ins = insertItem(view, newRow);
    del.keyChange = { to: newKey };
    ins.keyChange = { from: oldKey };
    return [del, ins];
  }
  const changed = view.columns.filter((c) => oldRow[c] !== newRow[c]);
  if (changed.length === 0) return [];
  if (view.replica === 'full') {
    return [
      {
        operation: 'update',
        key: newKey,
        value: valueJson(newRow, view.columns),
        oldValue: valueJson(oldRow, changed),
      },
    ];
  }
  const cols = [...view.pk, ...changed.filter((c) => !view.pk.includes(c))];
  return [{ operation: 'update', key: newKey, value: valueJson(newRow, cols) }];
}

function insertItem(view: ShapeView, row: Row): PendingItem {
  return {
    operation: 'insert',
    key: buildKey(view.keyPrefix, row, view.pk),
    value: valueJson(row, view.columns),
  };
}

function deleteItem(view: ShapeView, row: Row): PendingItem {
  const cols = view.replica === 'full' ? view.columns : view.pk;
  return {
    operation: 'delete',
    key: buildKey(view.keyPrefix, row, view.pk),
    value: valueJson(row, cols),
  };
}

/**
 * Places a transaction's items for one shape in the log: offsets `<lsn>_<i>`, the
 * `lsn`/`op_position`/`txids` headers, and `last` on the final one.
 */
export function toLogEntries(
  view: ShapeView,
  items: readonly PendingItem[],
  lsn: bigint,
  xid: number,
): LogEntry[] {
  const lsnText = `"${lsn}"`;
  return items.map((it, i) => {
    let headers = `"operation":"${it.operation}","relation":${view.relationJson},"lsn":${lsnText},"op_position":${i},"txids":[${xid}]`;
    if (it.keyChange?.to) headers += `,"key_change_to":${JSON.stringify(it.keyChange.to)}`;
    if (it.keyChange?.from) headers += `,"key_change_from":${JSON.stringify(it.keyChange.from)}`;
    if (i === items.length - 1) headers += ',"last":true';
    const old = it.oldValue ? `,"old_value":${it.oldValue}` : '';
    return {
      lsn,
      op: i,
      body: `{"key":${JSON.stringify(it.key)},"value":${it.value}${old},"headers":{${headers}}}`,
    };
  });
}
