/**
 * `npx tsx bench/replica-space.ts FILE`: where a replica file's bytes go, per
 * table, index and FTS shadow table (SQLite's dbstat, which better-sqlite3's
 * bundled SQLite has), largest first, plus the free pages a VACUUM would
 * return. Read-only. Used with `replica-footprint.ts --keep FILE` (issue 13).
 */
import Database from 'better-sqlite3';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npx tsx bench/replica-space.ts FILE\n');
  process.exit(2);
}
const db = new Database(file, { readonly: true });
const MiB = 1024 * 1024;
const pageSize = db.pragma('page_size', { simple: true }) as number;
const pages = db.pragma('page_count', { simple: true }) as number;
const free = db.pragma('freelist_count', { simple: true }) as number;
// aggregate=TRUE: one row per object (its pages, payload and unused bytes), not one per page.
const objects = db
  .prepare(
    `SELECT d.name, m.type, m.tbl_name, d.pgsize AS bytes, d.payload, d.ncell AS cells
     FROM dbstat('main', 1) d LEFT JOIN sqlite_schema m ON m.name = d.name
     ORDER BY d.pgsize DESC`,
  )
  .all() as { name: string; type: string | null; tbl_name: string | null; bytes: number; payload: number; cells: number }[];
const mib = (n: number) => Math.round((n / MiB) * 10) / 10;
const out = {
  file_mib: mib(pages * pageSize),
  page_size: pageSize,
  free_mib: mib(free * pageSize),
  objects: objects
    .filter((o) => o.bytes >= MiB / 10)
    .map((o) => ({
      name: o.name,
      type: o.type ?? 'shadow',
      mib: mib(o.bytes),
      payload_mib: mib(o.payload),
    })),
};
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
db.close();
