/**
 * Step two of the independent floor: what makes a loaded file usable by the
 * app, built after the rows are in (cheaper than keeping them up to date row
 * by row): an index per reference column (`*_id`) and a full-text index over
 * interaction notes, the bulk of what the replica's search indexes (it also
 * puts names and other notes in, with a title column; ours is the notes only).
 */
import type Database from 'better-sqlite3';
import type { FloorTable } from './replicated.ts';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Returns how many indexes were built (FTS counted as one). */
export function buildIndexes(db: Database.Database, tables: readonly FloorTable[]): number {
  let built = 0;
  for (const t of tables) {
    for (const c of t.idColumns) {
      db.exec(`CREATE INDEX ${q(`${t.name}_${c}_idx`)} ON ${q(t.name)} (${q(c)})`);
      built++;
    }
  }
  // Same tokenizer as the replica's search, so the FTS work per word is comparable.
  db.exec(`
    BEGIN;
    CREATE VIRTUAL TABLE interactions_fts USING fts5(notes, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO interactions_fts (rowid, notes) SELECT rowid, notes FROM interactions WHERE notes IS NOT NULL;
    COMMIT;
  `);
  return built + 1;
}
