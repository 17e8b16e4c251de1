/**
 * Versioned local migrations of the replica file: the local-only structures
 * (outbox, shape offsets, search index, bookkeeping). They are apart from the
 * server's migrations and never shared with them.
 *
 * The replicated tables themselves are not listed here: they follow sync/schema
 * through reconcile.ts (a table whose columns changed gets the new columns and
 * is refetched), so a schema change on the server needs no step in this file.
 *
 * To add a migration: append `{ version: <last + 1>, name, up }` to MIGRATIONS.
 * Never edit or reorder a step once released: replicas in the field have run
 * it. Each step runs in its own transaction together with its row in
 * `local_migrations`, so a crash leaves either the step and its record or
 * neither. A replica written by a newer app (a version above the last known
 * here) is refused rather than guessed at.
 */
import type Database from 'better-sqlite3';
import { TABLES, TABLE_NAMES, type ColumnSpec } from '../../schema/index.ts';
import { CREATE_LINK_FACTS_SQL, LINK_FACTS, LINK_FACT_COUNTS } from './link-facts.ts';
import { migrateToIntegerTimestamps } from './integer-timestamps.ts';

export interface LocalMigration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: LocalMigration[] = [
  {
    version: 1,
    name: 'outbox, shape state, search index, bookkeeping',
    up(db) {
      db.exec(`
        -- Local mutations waiting for the server; the lifecycle is in outbox.ts.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY,
          mutation_id TEXT NOT NULL UNIQUE,
          table_name TEXT NOT NULL,
          op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'restore')),
          row_id TEXT NOT NULL,
          workspace_id TEXT,
          changes TEXT,
          created_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'applied', 'rejected')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          sent_at TEXT,
          applied_at TEXT,
          txid TEXT,
          reject_code TEXT,
          reject_message TEXT,
          reject_field TEXT
        );
        CREATE INDEX outbox_row_idx ON outbox (table_name, row_id, seq);
        CREATE INDEX outbox_status_idx ON outbox (status, seq);
        CREATE INDEX outbox_txid_idx ON outbox (table_name, txid) WHERE txid IS NOT NULL;

        -- Transaction ids the shape stream delivered, for answers that arrive after their txid.
        CREATE TABLE seen_txids (
          table_name TEXT NOT NULL,
          txid TEXT NOT NULL,
          seen_at TEXT NOT NULL,
          PRIMARY KEY (table_name, txid)
        ) WITHOUT ROWID;

        -- Where each table's shape stream stands, so a restart resumes instead of downloading again.
        CREATE TABLE shape_state (
          table_name TEXT PRIMARY KEY,
          handle TEXT,
          "offset" TEXT,
          up_to_date_at TEXT,
          rows_applied INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        );

        -- Which version of sync/schema each replicated table was built from.
        CREATE TABLE replica_tables (
          table_name TEXT PRIMARY KEY,
          fingerprint TEXT NOT NULL
        );

        CREATE TABLE replica_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- Full-text search over the merged rows; search_docs maps a record to its FTS rowid.
        CREATE TABLE search_docs (
          doc INTEGER PRIMARY KEY,
          table_name TEXT NOT NULL,
          row_id TEXT NOT NULL,
          UNIQUE (table_name, row_id)
        );
        -- kind = the record's table, so a search limited to some kinds is part of the MATCH.
        CREATE VIRTUAL TABLE search_fts USING fts5(title, body, kind, tokenize = 'unicode61 remove_diacritics 2');
        -- Ranking lives in the table, so ORDER BY rank LIMIT n is done inside FTS5 (no sort of every match).
        INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');
      `);
    },
  },
  {
    version: 2,
    name: "shape_state.snapshot: the visibility of each table's last downloaded snapshot",
    up(db) {
      // JSON {xmin, xmax, xip_list} of the snapshot the table was last replaced from: a
      // write answered after that download (even after an app restart) is confirmed by
      // it instead of waiting out the grace period.
      db.exec('ALTER TABLE shape_state ADD COLUMN snapshot TEXT');
    },
  },
  {
    version: 3,
    name: 'search_names: a trigram index of record names, for searches with a typo',
    up(db) {
      // Same rowid as search_fts (search_docs.doc); only records with a name have a row.
      // Trigrams let "ricota" find "Ricotta": candidates share a trigram, the core then
      // keeps those within a small edit distance. Filled by the search-index rebuild, which
      // the changed search fingerprint triggers on the next open.
      db.exec(
        `CREATE VIRTUAL TABLE search_names USING fts5(title, tokenize = 'trigram remove_diacritics 1')`,
      );
    },
  },
  {
    version: 4,
    name: "history_cache and own_changes: record history fetched from the server, and this device's recent changes",
    up(db) {
      // audit_log is no longer replicated (reconcile.ts drops its tables): a record's history
      // is fetched from the server when its page opens (GET /v1/history) and kept here, so
      // the page still shows it offline. history-cache.ts reads and writes both tables.
      db.exec(`
        CREATE TABLE history_cache (
          table_name TEXT NOT NULL,
          record_id TEXT NOT NULL,
          id TEXT NOT NULL,
          occurred_at TEXT NOT NULL,
          entry TEXT NOT NULL,
          PRIMARY KEY (table_name, record_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX history_cache_order_idx ON history_cache (table_name, record_id, occurred_at DESC);

        -- When each record's history was last fetched; evicted with its rows after a while unseen.
        CREATE TABLE history_fetches (
          table_name TEXT NOT NULL,
          record_id TEXT NOT NULL,
          fetched_at TEXT NOT NULL,
          PRIMARY KEY (table_name, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX history_fetches_age_idx ON history_fetches (fetched_at);

        -- Every change made on this device in the last 30 days, kept after the outbox drops it
        -- (once the server confirmed it), so an offline history still lists "your recent changes"
        -- the cached copy predates. Kept by triggers on the outbox, so no writer can forget it.
        CREATE TABLE own_changes (
          mutation_id TEXT PRIMARY KEY,
          table_name TEXT NOT NULL,
          row_id TEXT NOT NULL,
          op TEXT NOT NULL,
          changes TEXT,
          created_at TEXT NOT NULL,
          txid TEXT,
          -- When the server's confirmation removed it from the outbox (this computer's clock).
          confirmed_at TEXT
        );
        CREATE INDEX own_changes_row_idx ON own_changes (table_name, row_id, created_at);
        CREATE INDEX own_changes_age_idx ON own_changes (created_at);

        CREATE TRIGGER outbox_keeps_own_change AFTER INSERT ON outbox BEGIN
          INSERT OR IGNORE INTO own_changes (mutation_id, table_name, row_id, op, changes, created_at)
            VALUES (NEW.mutation_id, NEW.table_name, NEW.row_id, NEW.op, NEW.changes, NEW.created_at);
          -- 30 days by the device clock that stamped the change (the outbox's own clock).
          DELETE FROM own_changes WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-30 days');
        END;
        -- The server's transaction id, to tell a cached audit row of the same change apart.
        CREATE TRIGGER outbox_txid_to_own_change AFTER UPDATE OF txid ON outbox WHEN NEW.txid IS NOT NULL BEGIN
          UPDATE own_changes SET txid = NEW.txid WHERE mutation_id = NEW.mutation_id;
        END;
        -- A refused change did not happen: it is listed as refused while in the outbox, then gone.
        CREATE TRIGGER outbox_refusal_forgets_own_change AFTER UPDATE OF status ON outbox WHEN NEW.status = 'rejected' BEGIN
          DELETE FROM own_changes WHERE mutation_id = NEW.mutation_id;
        END;
        -- Leaving the outbox once sent is the server's confirmation (outbox.ts: the stream
        -- delivered its txid, or had already); a pending change leaving it was discarded.
        -- The confirmation time tells whether a saved history, fetched at some time, has it.
        CREATE TRIGGER outbox_confirmation_dates_own_change AFTER DELETE ON outbox BEGIN
          UPDATE own_changes SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE mutation_id = OLD.mutation_id AND OLD.status IN ('sent', 'applied');
          DELETE FROM own_changes WHERE mutation_id = OLD.mutation_id AND OLD.status = 'pending';
        END;
      `);
    },
  },
  {
    version: 5,
    name: "catch_up_changes: a shape's changes that wait for their up-to-date on disk, not in memory",
    up(db) {
      // catch-up-spill.ts: the answers of a catch-up before its up-to-date, applied from here in
      // arrival order (seq) at the up-to-date. Emptied at every stream start: leftovers of a
      // process killed mid-catch-up come again from the stored stream position.
      db.exec(`
        CREATE TABLE catch_up_changes (
          table_name TEXT NOT NULL,
          seq INTEGER NOT NULL,
          op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
          row TEXT NOT NULL,
          txids TEXT,
          PRIMARY KEY (table_name, seq)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 6,
    name: "link_facts: the server's interaction -> principal links with their interaction's facts, for the dashboard",
    up(db) {
      // link-facts.ts: kept by triggers on the synced tables, which reconcile creates once those
      // tables exist (it also fills the table the first time, from rows an older app synced).
      // The layout as released then (text ids, workspace first); step 8 replaces it.
      db.exec(`
        CREATE TABLE link_facts (
          workspace_id TEXT NOT NULL, principal_id TEXT NOT NULL, interaction_date TEXT NOT NULL,
          interaction_id TEXT NOT NULL, created_by TEXT, open_follow_up_date TEXT,
          open_follow_up_assignee_id TEXT,
          PRIMARY KEY (workspace_id, principal_id, interaction_date, interaction_id)
        ) WITHOUT ROWID;
        CREATE INDEX link_facts_open_follow_up_idx ON link_facts
          (workspace_id, principal_id, open_follow_up_date, open_follow_up_assignee_id)
          WHERE open_follow_up_date IS NOT NULL;
        CREATE TABLE link_fact_counts (
          workspace_id TEXT NOT NULL, principal_id TEXT NOT NULL, author TEXT NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (workspace_id, principal_id, author)
        ) WITHOUT ROWID;`);
      // A new, empty table: reconcile must fill it, whatever an earlier run recorded.
      db.exec(`DELETE FROM replica_meta WHERE key = 'link_facts_fingerprint'`);
    },
  },
  {
    version: 7,
    name: 'search_fts without a copy of the text: contentless, documents told apart by a hash',
    up(db) {
      // The text is in the replicated rows; the copy FTS5 kept of it was 17 of 260 MiB
      // (issue 13). search-index.ts explains the layout; snippets come from search-snippets.ts.
      // Touches only search objects, so it follows version 5 or 6 alike. The table is made
      // empty here and filled by the search rebuild that the cleared fingerprint triggers
      // (reconcile.ts, right after the migrations, in the same open).
      const hasHash = (
        db.prepare('PRAGMA table_info(search_docs)').all() as { name: string }[]
      ).some((c) => c.name === 'text_hash');
      if (!hasHash) db.exec('ALTER TABLE search_docs ADD COLUMN text_hash INTEGER');
      db.exec(`
        DROP TABLE search_fts;
        CREATE VIRTUAL TABLE search_fts USING fts5(title, body, kind, content = '', contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');
        DELETE FROM replica_meta WHERE key = 'search_fingerprint';
      `);
    },
  },
  {
    version: 8,
    name: 'link_facts with 16-byte ids and no workspace_id: the same facts in half the bytes',
    up(db) {
      // link-facts.ts explains the layout (24.8 of 276 MiB at 100k interactions before, issue 13).
      // The facts are derived, so the tables are made anew and empty, and reconcile fills them
      // from the synced rows right after the migrations (the cleared fingerprint), in the same
      // open; the old triggers name the old columns, so they go with the old tables.
      const triggers = db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'link_fact%'`)
        .all() as { name: string }[];
      for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
      db.exec(`DROP TABLE IF EXISTS ${LINK_FACTS}; DROP TABLE IF EXISTS ${LINK_FACT_COUNTS};`);
      db.exec(CREATE_LINK_FACTS_SQL);
      db.exec(`DELETE FROM replica_meta WHERE key = 'link_facts_fingerprint'`);
    },
  },
  {
    version: 9,
    name: 'ids as 16-byte blobs: every uuid the file stores, rewritten in place',
    up(db) {
      // uuid-blob.ts explains the layout (68.8 + 4.8 of 221 MiB at 100k interactions were uuid
      // text, issue 13). SQLite keeps a BLOB as it is in a TEXT column, so the tables keep their
      // declarations and are rewritten in place, rows and pending local changes alike (no
      // refetch: the rows are the server's still). Only text in canonical uuid form (36
      // characters of hex digits and dashes) is converted; anything else stays as it was.
      const toBlob = (c: string) =>
        `"${c}" = CASE WHEN typeof("${c}") = 'text' AND length("${c}") = 36 THEN coalesce(unhex("${c}", '-'), "${c}") ELSE "${c}" END`;
      const existing = (table: string) =>
        new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
      const rewrite = (table: string, columns: readonly string[]) => {
        const have = existing(table);
        const cols = columns.filter((c) => have.has(c));
        if (cols.length > 0) db.exec(`UPDATE "${table}" SET ${cols.map(toBlob).join(', ')}`);
      };
      // Tables with planner statistics (a bulk load's ANALYZE) get them again at the end: dropping
      // an index drops its statistics, and without them the planner chose a workspace-wide date
      // scan for a record's timeline (150 ms instead of 1).
      const hasStats = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'`).get() !== undefined;
      const analyzed = hasStats
        ? (db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1').all() as { tbl: string }[]).map((r) => r.tbl)
        : [];
      // The link_facts triggers would fire on every synced row rewritten: dropped here, made
      // again by reconcile right after the migrations (their definition changed with this step,
      // so it also rebuilds the facts, whose ids were blobs already).
      const triggers = db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'link_fact%'`)
        .all() as { name: string }[];
      for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
      db.exec(`DELETE FROM replica_meta WHERE key = 'link_facts_fingerprint'`);
      for (const t of TABLE_NAMES) {
        const uuids = Object.entries(TABLES[t].columns as Record<string, ColumnSpec>)
          .filter(([, spec]) => spec.type.kind === 'uuid')
          .map(([name]) => name);
        for (const storage of [`${t}_synced`, `${t}_local`]) {
          // Its secondary indexes are dropped first and made again from their own SQL after the
          // rewrite: one build each instead of an update per row and index (12 s -> 4.5 s once at
          // 100k interactions, load 6).
          const indexes = db
            .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
            .all(storage) as { name: string; sql: string }[];
          for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
          rewrite(storage, uuids);
          for (const { sql } of indexes) db.exec(sql);
        }
      }
      rewrite('search_docs', ['row_id']);
      rewrite('outbox', ['mutation_id', 'row_id', 'workspace_id']);
      rewrite('own_changes', ['mutation_id', 'row_id']);
      rewrite('history_cache', ['record_id', 'id']);
      rewrite('history_fetches', ['record_id']);
      // Bounded, as after a bulk load (snapshot-staging.ts): statistics in milliseconds.
      db.pragma('analysis_limit = 1000');
      for (const tbl of analyzed)
        if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(tbl)) db.exec(`ANALYZE "${tbl}"`);
    },
  },
  // This step reads the columns as they are declared (step 9 keeps the uuid columns' TEXT
  // declaration and their blobs are copied as they are).
  {
    version: 10,
    name: 'timestamps as integer microseconds in the replicated tables and link_facts',
    up(db) {
      // integer-timestamps.ts explains it (25.5 of 223.6 MiB at 100k interactions, issue 13).
      // Step 8 makes link_facts from today's CREATE_LINK_FACTS_SQL (an INTEGER date since this
      // step): a file older than 8 gets it made twice, the same table.
      migrateToIntegerTimestamps(db);
    },
  },
];

export const LATEST_LOCAL_VERSION = MIGRATIONS.at(-1)!.version;

/** Applies the steps this file has not yet run; returns the versions applied. */
export function runLocalMigrations(db: Database.Database, now: () => string): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS local_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current =
    (db.prepare('SELECT max(version) AS v FROM local_migrations').get() as { v: number | null })
      .v ?? 0;
  if (current > LATEST_LOCAL_VERSION) {
    throw new Error(
      `replica file is at local schema version ${current}, newer than this app knows (${LATEST_LOCAL_VERSION}); update the app`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare(
    'INSERT INTO local_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name, now());
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
