/**
 * The invariants every fault test ends with, checked against PostgreSQL (as
 * the superuser, so RLS hides nothing) and the clients' SQLite replicas:
 *
 * 1. settled: the client has no pending, sent or applied outbox entries left;
 * 2. converged: each replicated table (the merged view) equals the server's
 *    rows that the client's workspace shape covers, by key and by every
 *    column of sync/schema;
 * 3. nothing lost: every write the client still stands by (ledger fate
 *    `live`) has exactly one result in the server's mutation log, from this
 *    device; a rejected one is still in the client's rejected list with the
 *    server's code and message; retried and discarded ones were rejected first;
 * 4. nothing twice, nothing unknown: every mutation the server logged for the
 *    device is in the ledger; every audit row written as a signed-in user
 *    belongs to a logged, applied mutation's transaction (a second application
 *    would need a second transaction that nothing logged); no row was
 *    inserted twice.
 */
import type pg from 'pg';
import { TABLES, TABLE_NAMES, primaryKey, type ColumnSpec, type TableName } from '../../schema/index.ts';
import { q, toSqlValue, type Replica, type SqlValue } from '../../client/replica/index.ts';
import type { WriteLedger } from './write-ledger.ts';

export interface ClientUnderTest {
  /** Shown in failure messages, e.g. "rep#2". */
  label: string;
  replica: Replica;
  workspaceId: string;
  deviceId: string;
  ledger: WriteLedger;
}

/** Differences listed per client and table are capped at this many, so a failure stays readable. */
const MAX_PER_TABLE = 8;

/** The server's rows a client of `workspaceId` receives (the where of sync/server's shape definitions). */
function visibleWhere(table: TableName): string {
  if (table === 'workspaces') return 'id = $1';
  // Users: whoever is or was a member (the shape keeps former members' names for history).
  if (table === 'users') return 'id IN (SELECT user_id FROM workspace_members WHERE workspace_id = $1)';
  return 'workspace_id = $1';
}

/** Column as text in the form the replica stores it (microseconds kept: pg's Date would drop them). */
function selectColumn(name: string, spec: ColumnSpec): string {
  const c = q(name);
  if (spec.type.kind === 'timestamptz') return `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${c}`;
  if (spec.type.kind === 'date') return `${c}::text AS ${c}`;
  return c;
}

const keyOf = (table: TableName, row: Record<string, unknown>) => primaryKey(table).map((k) => String(row[k])).join('/');
const show = (v: SqlValue | undefined) => (v === undefined ? 'absent' : JSON.stringify(typeof v === 'bigint' ? v.toString() : v));

async function serverRows(pool: pg.Pool, table: TableName, workspaceId: string): Promise<Map<string, Record<string, SqlValue>>> {
  const specs = TABLES[table].columns as Record<string, ColumnSpec>;
  const names = Object.keys(specs);
  const { rows } = await pool.query(`SELECT ${names.map((n) => selectColumn(n, specs[n]!)).join(', ')} FROM public.${q(table)} WHERE ${visibleWhere(table)}`, [workspaceId]);
  const out = new Map<string, Record<string, SqlValue>>();
  for (const raw of rows as Record<string, unknown>[]) {
    const row: Record<string, SqlValue> = {};
    for (const n of names) row[n] = toSqlValue(specs[n]!, raw[n]);
    out.set(keyOf(table, row), row);
  }
  return out;
}

/** Invariant 2 alone: how the client's replica differs from the server (empty when equal). */
export async function replicaDifferences(pool: pg.Pool, c: ClientUnderTest): Promise<string[]> {
  const problems: string[] = [];
  for (const table of TABLE_NAMES) {
    const names = Object.keys(TABLES[table].columns);
    const server = await serverRows(pool, table, c.workspaceId);
    const local = new Map<string, Record<string, SqlValue>>();
    for (const row of c.replica.prepare(`SELECT ${names.map(q).join(', ')} FROM ${q(table)}`).all() as Record<string, SqlValue>[]) {
      local.set(keyOf(table, row), row);
    }
    const found: string[] = [];
    for (const [key, s] of server) {
      const l = local.get(key);
      if (!l) {
        found.push(`${c.label}: ${table} ${key} is on the server but not in the replica`);
        continue;
      }
      for (const n of names) {
        if ((l[n] ?? null) !== (s[n] ?? null)) found.push(`${c.label}: ${table} ${key} column ${n}: replica ${show(l[n])}, server ${show(s[n])}`);
      }
    }
    for (const key of local.keys()) if (!server.has(key)) found.push(`${c.label}: ${table} ${key} is in the replica but not on the server`);
    problems.push(...found.slice(0, MAX_PER_TABLE));
    if (found.length > MAX_PER_TABLE) problems.push(`${c.label}: ${table}: ${found.length - MAX_PER_TABLE} more differences`);
  }
  return problems;
}

interface LogRow {
  device_id: string;
  mutation_id: string;
  table_name: string;
  op: string;
  row_id: string;
  status: 'applied' | 'rejected';
  txid: string | null;
  code: string | null;
  message: string | null;
}

/** Invariants 1, 3 and 4 for one client (see the top of the file). */
async function writeProblems(pool: pg.Pool, c: ClientUnderTest): Promise<string[]> {
  const problems: string[] = [];
  const counts = c.replica.outbox.counts();
  const unsettled = counts.pending + counts.sent + counts.applied;
  if (unsettled > 0) problems.push(`${c.label}: ${unsettled} outbox entries not settled (pending ${counts.pending}, sent ${counts.sent}, applied ${counts.applied})`);

  const ids = [...c.ledger.entries.keys()];
  const { rows } = await pool.query<LogRow>(
    `SELECT device_id, mutation_id, table_name, op, row_id, status, txid, code, message
     FROM crm_private.mutation_log WHERE mutation_id = ANY($1::uuid[]) OR device_id = $2`,
    [ids, c.deviceId],
  );
  const logged = new Map<string, LogRow[]>();
  for (const r of rows) logged.set(r.mutation_id, [...(logged.get(r.mutation_id) ?? []), r]);
  const rejectedList = new Map(c.replica.outbox.rejected().map((e) => [e.mutation_id, e]));
  const inOutbox = new Map(c.replica.outbox.entries().map((e) => [e.mutation_id, e]));

  for (const e of c.ledger.entries.values()) {
    const what = `${c.label}: ${e.op} ${e.table} ${e.row_id} (mutation ${e.mutation_id}, ${e.fate})`;
    const log = logged.get(e.mutation_id) ?? [];
    if (log.length === 0) {
      const local = inOutbox.get(e.mutation_id);
      problems.push(`${what} never reached PostgreSQL${local ? ` (outbox: ${local.status})` : ' and is gone from the outbox: lost'}`);
      continue;
    }
    if (log.length > 1 || log[0]!.device_id !== c.deviceId) {
      problems.push(`${what} is in the mutation log ${log.length} times, devices ${log.map((l) => l.device_id).join(', ')} (expected once, device ${c.deviceId})`);
      continue;
    }
    const l = log[0]!;
    if (l.table_name !== e.table || l.op !== e.op || l.row_id !== e.row_id) problems.push(`${what} was logged as ${l.op} ${l.table_name} ${l.row_id}`);
    if (e.fate !== 'live') {
      if (l.status !== 'rejected') problems.push(`${what} was ${e.fate} by the user but the server applied it`);
      if (inOutbox.has(e.mutation_id)) problems.push(`${what} is still in the outbox after being ${e.fate}`);
      continue;
    }
    if (l.status === 'rejected') {
      const kept = rejectedList.get(e.mutation_id);
      if (!kept) problems.push(`${what} was rejected (${l.code}: ${l.message}) but is not in the client's rejected list: it disappeared without its reason`);
      else if (kept.rejection?.code !== l.code || kept.rejection?.message !== l.message) {
        problems.push(`${what}: rejected list says ${kept.rejection?.code}: ${kept.rejection?.message}, server says ${l.code}: ${l.message}`);
      }
    } else if (rejectedList.has(e.mutation_id)) {
      problems.push(`${what} was applied on the server but the client lists it as rejected`);
    }
  }
  for (const r of rows) {
    if (r.device_id === c.deviceId && !c.ledger.entries.has(r.mutation_id)) {
      problems.push(`${c.label}: the server logged ${r.status} ${r.op} ${r.table_name} ${r.row_id} (mutation ${r.mutation_id}) that this client never wrote`);
    }
  }
  for (const id of rejectedList.keys()) {
    if (!c.ledger.entries.has(id)) problems.push(`${c.label}: rejected list holds ${id}, which the client never wrote`);
  }

  const inserted = [...c.ledger.entries.values()].filter((e) => e.op === 'insert').map((e) => e.row_id);
  const twice = await pool.query<{ record_id: string; n: string }>(
    `SELECT record_id, count(*) AS n FROM audit_log WHERE action = 'insert' AND record_id = ANY($1::uuid[]) GROUP BY record_id HAVING count(*) > 1`,
    [inserted],
  );
  for (const t of twice.rows) problems.push(`${c.label}: row ${t.record_id} was inserted ${t.n} times (audit_log)`);
  return problems;
}

/** Audit rows written as a signed-in user whose transaction is no applied mutation's: applied without a record, or twice. */
async function unloggedChanges(pool: pg.Pool, workspaceId: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string; record_id: string; action: string; transaction_id: string }>(
    `SELECT a.table_name, a.record_id, a.action, a.transaction_id::text FROM audit_log a
     WHERE a.workspace_id = $1 AND a.actor_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM crm_private.mutation_log m
                       WHERE m.workspace_id = a.workspace_id AND m.status = 'applied'
                         AND m.txid = (a.transaction_id % 4294967296)::text)`,
    [workspaceId],
  );
  return rows.map((r) => `${r.action} of ${r.table_name} ${r.record_id} in transaction ${r.transaction_id} by a signed-in user matches no applied mutation`);
}

/** Every violated invariant, in words (empty when all hold). */
export async function findInvariantViolations(pool: pg.Pool, clients: readonly ClientUnderTest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const c of clients) {
    problems.push(...(await writeProblems(pool, c)));
    problems.push(...(await replicaDifferences(pool, c)));
  }
  for (const ws of new Set(clients.map((c) => c.workspaceId))) problems.push(...(await unloggedChanges(pool, ws)));
  return problems;
}

/** Throws with every violation listed; `context` (a seed, a scenario) leads the message. */
export async function assertInvariants(pool: pg.Pool, clients: readonly ClientUnderTest[], context = ''): Promise<void> {
  const problems = await findInvariantViolations(pool, clients);
  if (problems.length > 0) {
    throw new Error(`${context ? `${context}: ` : ''}${problems.length} invariant violations:\n  ${problems.join('\n  ')}`);
  }
}
