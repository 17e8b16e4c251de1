/**
 * The floor of an initial sync on this machine: the same rows the client's
 * shapes hold (the server's own shape definitions, run as plain SELECTs),
 * read from PostgreSQL, JSON-encoded and decoded, and loaded into a fresh
 * replica through its bulk path (one transaction per table: indexes dropped,
 * rows inserted, indexes and search rebuilt), without the protocol, the
 * engine or the HTTP in between. Each step is timed separately.
 */
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { shapeDefinition } from '../../sync/server/shape-route/shape-definition.ts';
import { Replica } from '../../sync/client/replica/index.ts';
import { TABLE_NAMES, type TableName } from '../../sync/schema/index.ts';
import { wallNow } from '../clock.ts';
import type { Handlers } from './handler.ts';

export const floorArgs = z.strictObject({ admin_url: z.string().regex(/^postgres:\/\//), workspace_id: z.uuid(), dir: z.string() });
export const floorResult = z.object({
  seconds: z.number(),
  postgres_s: z.number(),
  json_s: z.number(),
  sqlite_s: z.number(),
  rows: z.number(),
  json_bytes: z.number(),
});

const DATE_OID = 1082;

export const floorHandlers: Handlers = {
  async floor(raw) {
    const a = floorArgs.parse(raw);
    // Dates stay 'YYYY-MM-DD' text as on the wire (node-postgres would make them local midnights).
    const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
    const client = new pg.Client({ connectionString: a.admin_url, types });
    await client.connect();
    try {
      const t0 = wallNow();
      const members = await client.query<{ user_id: string }>('SELECT user_id FROM workspace_members WHERE workspace_id = $1', [a.workspace_id]);
      const fetched = new Map<TableName, Record<string, unknown>[]>();
      for (const table of TABLE_NAMES) {
        const def = shapeDefinition(table, a.workspace_id, '0', members.rows.map((m) => m.user_id));
        const cols = def.columns.map((c) => `"${c}"`).join(', ');
        const { rows } = await client.query<Record<string, unknown>>(`SELECT ${cols} FROM "${table}" WHERE ${def.where}`, [...def.params]);
        fetched.set(table, rows);
      }
      const t1 = wallNow();
      let jsonBytes = 0;
      const decoded = new Map<TableName, Record<string, unknown>[]>();
      for (const [table, rows] of fetched) {
        const text = JSON.stringify(rows);
        jsonBytes += Buffer.byteLength(text);
        decoded.set(table, JSON.parse(text) as Record<string, unknown>[]);
      }
      fetched.clear();
      const t2 = wallNow();
      const replica = Replica.open(path.join(a.dir, 'floor.sqlite'));
      let rows = 0;
      for (const [table, list] of decoded) {
        replica.fromServer.replaceRows(table, list, { shape: { handle: 'floor', offset: '0_0' }, upToDate: true });
        rows += list.length;
      }
      replica.close();
      const t3 = wallNow();
      return { seconds: (t3 - t0) / 1000, postgres_s: (t1 - t0) / 1000, json_s: (t2 - t1) / 1000, sqlite_s: (t3 - t2) / 1000, rows, json_bytes: jsonBytes };
    } finally {
      await client.end();
    }
  },
};
