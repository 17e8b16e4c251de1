/**
 * `link_facts`: the server's interaction -> principal links (replicated
 * interaction_principals) with the few facts of each linked interaction that
 * the principal dashboard counts, one row per (principal, interaction) pair,
 * in principal, then date order. Derived from the synced tables only (never from the
 * overlays): the dashboard reads it for every interaction no pending local
 * change may move, and predicts the others (main/core/queries/dashboard.ts).
 *
 * Why a table: counting through the links costs one index search per link for
 * the interaction's date and follow-up (369 ms p50 at 100k interactions, README
 * "Known gaps" before this table); with the facts beside the link, and the
 * counts below, the dashboard does a few searches per principal instead
 * (bench/README.md, "Principal dashboard facts").
 *
 * A pair is here when the synced tables hold a live 'derived' or 'chosen' link
 * for it, no live 'removed' link (0018), and the synced interaction is live:
 * the rule the dashboard applied to the replicated links before.
 *
 * `link_fact_counts` beside it holds its row count per principal and author,
 * kept by triggers on link_facts, so the dashboard reads per principal a
 * count, the last key entry (the latest interaction) and a short range of the
 * open follow-ups' index: work per principal, not per link.
 *
 * Kept by triggers on <interactions>_synced and <interaction_principals>_synced,
 * so every writer of server rows (server-apply, a catch-up, a test) keeps it
 * without knowing it exists; a snapshot swap replaces those tables wholesale
 * (a rename, no triggers fire), so swapStagingIn drops the triggers before the
 * rename and calls `refreshLinkFacts` after it (one INSERT ... SELECT). The
 * table itself is local migration 6; the triggers need the synced tables, so
 * reconcile creates them once those exist, rebuilding the facts when the
 * trigger definitions are new to the file (an upgrade, or a changed rule).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { q, syncedTable } from './ddl.ts';

export const LINK_FACTS = 'link_facts';

const I = q(syncedTable('interactions'));
const L = q(syncedTable('interaction_principals'));

/** Columns of link_facts after the key (what the dashboard reads of an interaction). */
export const LINK_FACT_COLUMNS = [
  'interaction_date',
  'created_by',
  /** follow_up_date when a follow-up is required and not done, else NULL. */
  'open_follow_up_date',
  /** the assignee of that open follow-up, else NULL. */
  'open_follow_up_assignee_id',
] as const;

/** Beside it, per principal and author ('' for none), how many rows it holds: a count without a scan. */
export const LINK_FACT_COUNTS = 'link_fact_counts';

/**
 * Local migration 8's layout (migration 6 made the first one, with every id as text and a
 * workspace_id first in each key). No workspace_id: a principal's id names its workspace (ids
 * are unique across workspaces) and the dashboard always starts from the workspace's
 * principals, so it only repeated 37 bytes in every row and index entry. Migration 10 made it
 * again with interaction_date INTEGER, as the synced column it copies (sql-types.ts): a TEXT
 * column would turn the integers it is given back into text.
 */
export const CREATE_LINK_FACTS_SQL = `
  -- Keyed in date order within a principal: its latest interaction is the key's last entry.
  -- Ids are 16-byte blobs, as in the synced tables they come from (uuid-blob.ts).
  CREATE TABLE ${LINK_FACTS} (
    principal_id BLOB NOT NULL,
    interaction_date INTEGER NOT NULL,
    interaction_id BLOB NOT NULL,
    created_by BLOB,
    open_follow_up_date TEXT,
    open_follow_up_assignee_id BLOB,
    PRIMARY KEY (principal_id, interaction_date, interaction_id)
  ) WITHOUT ROWID;
  -- No index by interaction (20 MiB at 100k links: a WITHOUT ROWID index carries the whole
  -- key): the triggers know an interaction's date and principals, and search by the key.
  -- Follow-ups due: only the open ones (a fifth of the rows), counted per principal up to today.
  CREATE INDEX link_facts_open_follow_up_idx ON ${LINK_FACTS}
    (principal_id, open_follow_up_date, open_follow_up_assignee_id)
    WHERE open_follow_up_date IS NOT NULL;
  -- author: created_by (a blob), '' for none.
  CREATE TABLE ${LINK_FACT_COUNTS} (
    principal_id BLOB NOT NULL,
    author BLOB NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (principal_id, author)
  ) WITHOUT ROWID;`;

const COLUMNS = `principal_id, interaction_date, interaction_id, created_by,
  open_follow_up_date, open_follow_up_assignee_id`;

/** The facts of the synced interaction aliased `i`, after the key. */
const factsOf = (i: string) => `${i}.created_by,
  CASE WHEN ${i}.follow_up_required = 1 AND ${i}.follow_up_done_at IS NULL THEN ${i}.follow_up_date END,
  CASE WHEN ${i}.follow_up_required = 1 AND ${i}.follow_up_done_at IS NULL THEN ${i}.follow_up_assignee_id END`;

/** SQL true when the pair (iid, pid) has no live removal among the synced links. */
const notRemoved = (iid: string, pid: string) => `NOT EXISTS (SELECT 1 FROM ${L} r
  WHERE r.interaction_id = ${iid} AND r.principal_id = ${pid} AND r.source = 'removed' AND r.deleted_at IS NULL)`;

/** The link_facts rows of the live synced links aliased `k` matching `where` (a pair held twice comes twice). */
const factRows = (where: string) => `SELECT k.principal_id, coalesce(i.interaction_date, ''), k.interaction_id, ${factsOf('i')}
  FROM ${L} k JOIN ${I} i ON i.id = k.interaction_id
  WHERE ${where} AND k.source <> 'removed' AND k.deleted_at IS NULL AND i.deleted_at IS NULL
    AND ${notRemoved('k.interaction_id', 'k.principal_id')}`;

/**
 * INSERT of the link_facts rows for the synced links aliased `k` matching
 * `where`, each pair once. A plain INSERT (never OR REPLACE, whose deletes
 * would not reach the counting triggers): callers delete the rows first.
 */
const insertFacts = (where: string) => `
  INSERT INTO ${LINK_FACTS} (${COLUMNS})
  ${factRows(where)}
  GROUP BY k.principal_id, k.interaction_id`;

/**
 * Every fact at once (a swap, an upgrade), in the table's key order, so each row
 * goes at the end of the b-tree instead of among the others: at 120k links
 * ~20 % faster than grouping by pair (bench/README.md, "Snapshot answers decoded
 * in one piece"). A pair held by two links (derived and chosen) is the same key
 * twice, with the same values (they come from the interaction): kept once.
 */
const insertAllFacts = `
  INSERT OR IGNORE INTO ${LINK_FACTS} (${COLUMNS})
  ${factRows('1')}
  ORDER BY 1, 2, 3`;

/**
 * Deletes the rows of the synced interaction `row` (NEW or OLD) by their key:
 * its principals are among its synced links, its date is the row's (the
 * triggers keep every fact's date equal to its interaction's).
 */
const deleteInteractionFacts = (row: string) => `
  DELETE FROM ${LINK_FACTS}
  WHERE principal_id IN (SELECT principal_id FROM ${L} WHERE interaction_id = ${row}.id)
    AND interaction_date = coalesce(${row}.interaction_date, '') AND interaction_id = ${row}.id;`;

/** Recomputes the one pair of the synced link `row` (NEW or OLD): its row goes, and comes back if the synced rows still say so. */
const refreshPair = (row: string) => `
  DELETE FROM ${LINK_FACTS} WHERE principal_id = ${row}.principal_id
    AND interaction_date = (SELECT coalesce(i.interaction_date, '') FROM ${I} i WHERE i.id = ${row}.interaction_id)
    AND interaction_id = ${row}.interaction_id;
  ${insertFacts(`k.interaction_id = ${row}.interaction_id AND k.principal_id = ${row}.principal_id`)};`;

const author = (row: string) => `coalesce(${row}.created_by, '')`;
const countUp = (row: string) => `INSERT INTO ${LINK_FACT_COUNTS} (principal_id, author, n)
    VALUES (${row}.principal_id, ${author(row)}, 1)
    ON CONFLICT (principal_id, author) DO UPDATE SET n = n + 1;`;
const countDown = (row: string) => `UPDATE ${LINK_FACT_COUNTS} SET n = n - 1
    WHERE principal_id = ${row}.principal_id AND author = ${author(row)};`;

/** The columns of an interaction the facts depend on: an update touching none of them costs nothing. */
const FACT_SOURCES = [
  'deleted_at',
  'interaction_date',
  'created_by',
  'follow_up_required',
  'follow_up_done_at',
  'follow_up_date',
  'follow_up_assignee_id',
];

const TRIGGERS: Record<string, string> = {
  link_facts_interaction_insert: `AFTER INSERT ON ${I} BEGIN
    ${deleteInteractionFacts('NEW')} ${insertFacts('k.interaction_id = NEW.id')}; END`,
  link_facts_interaction_update: `AFTER UPDATE ON ${I} WHEN OLD.id IS NOT NEW.id OR ${FACT_SOURCES.map(
    (c) => `OLD.${c} IS NOT NEW.${c}`,
  ).join(' OR ')} BEGIN
    ${deleteInteractionFacts('OLD')} ${insertFacts('k.interaction_id = NEW.id')}; END`,
  link_facts_interaction_delete: `AFTER DELETE ON ${I} BEGIN ${deleteInteractionFacts('OLD')} END`,
  link_facts_link_insert: `AFTER INSERT ON ${L} BEGIN ${refreshPair('NEW')} END`,
  link_facts_link_update: `AFTER UPDATE ON ${L} BEGIN ${refreshPair('OLD')} ${refreshPair('NEW')} END`,
  link_facts_link_delete: `AFTER DELETE ON ${L} BEGIN ${refreshPair('OLD')} END`,
  link_fact_counts_insert: `AFTER INSERT ON ${LINK_FACTS} BEGIN ${countUp('NEW')} END`,
  link_fact_counts_delete: `AFTER DELETE ON ${LINK_FACTS} BEGIN ${countDown('OLD')} END`,
  link_fact_counts_update: `AFTER UPDATE ON ${LINK_FACTS} BEGIN ${countDown('OLD')} ${countUp('NEW')} END`,
};

/** Identifies the triggers' definitions: a new value means they are made again and the facts rebuilt. */
export const LINK_FACTS_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify(TRIGGERS))
  .digest('hex')
  .slice(0, 16);

/** Drops the triggers (before a rename of either synced table: SQLite checks every trigger then). */
export function dropLinkFactTriggers(db: Database.Database): void {
  for (const name of Object.keys(TRIGGERS)) db.exec(`DROP TRIGGER IF EXISTS ${q(name)}`);
}

function createTriggers(db: Database.Database): void {
  for (const [name, body] of Object.entries(TRIGGERS))
    db.exec(`CREATE TRIGGER IF NOT EXISTS ${q(name)} ${body}`);
}

/**
 * Empties link_facts and its counts and fills them from the synced tables in
 * one pass each, then (re)makes the triggers: none fires during the rebuild.
 */
export function refreshLinkFacts(db: Database.Database): void {
  dropLinkFactTriggers(db);
  db.exec(`DELETE FROM ${LINK_FACTS}; DELETE FROM ${LINK_FACT_COUNTS};`);
  db.exec(insertAllFacts);
  db.exec(`INSERT INTO ${LINK_FACT_COUNTS} (principal_id, author, n)
    SELECT principal_id, coalesce(created_by, ''), count(*) FROM ${LINK_FACTS}
    GROUP BY principal_id, coalesce(created_by, '')`);
  createTriggers(db);
}

/**
 * For reconcile (the synced tables exist): makes the triggers, and rebuilds
 * the facts when this file's triggers were made by another definition or
 * never (an upgraded replica), so the table never disagrees with its rule.
 */
export function ensureLinkFacts(db: Database.Database): void {
  const meta = db
    .prepare(`SELECT value FROM replica_meta WHERE key = 'link_facts_fingerprint'`)
    .get() as { value: string } | undefined;
  if (meta?.value === LINK_FACTS_FINGERPRINT) {
    createTriggers(db);
    return;
  }
  refreshLinkFacts(db);
  db.prepare(
    `INSERT OR REPLACE INTO replica_meta (key, value) VALUES ('link_facts_fingerprint', ?)`,
  ).run(LINK_FACTS_FINGERPRINT);
}
