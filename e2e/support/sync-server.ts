/**
 * The sync server the journeys share (one per Playwright worker): embedded
 * PostgreSQL 18, the built-in shape engine, a first owner, and the demo seed
 * (server-migrations/seed) so an initial sync has enough rows to show
 * progress and every role has a user: <role>@ws1.pantry.demo, rep, rep2, rep3.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseSeedArgs } from '../../server-migrations/seed/options.ts';
import { runSeed, type SeedResult } from '../../server-migrations/seed/seed.ts';
import { settingsSchema } from '../../sync/server/config/settings.ts';
import { startSyncServer, type SyncServer } from '../../sync/server/server.ts';

export const FIRST_OWNER = { email: 'owner@e2e.pantry.test', password: 'e2e owner password', workspace: 'Acme Food Brokers' };
export const DEMO_PASSWORD = 'pantry-demo';

export interface E2eServer {
  url: string;
  server: SyncServer;
  seed: SeedResult;
  /** The seeded workspace's name (ws1). */
  workspaceName: string;
  /** A query as the database owner (checks what reached PostgreSQL). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const settings = settingsSchema.parse({
    dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-e2e-server-')),
    port: 0,
    logLevel: 'silent',
    firstOwnerEmail: FIRST_OWNER.email,
    firstOwnerPassword: FIRST_OWNER.password,
    firstWorkspaceName: FIRST_OWNER.workspace,
  });
  const server = await startSyncServer(settings, { print: () => {} });
  const options = parseSeedArgs(['--interactions', '1500', '--seed', 'e2e', '--password', DEMO_PASSWORD]);
  const seed = await runSeed(server.db.adminUrl, options);
  const db = new pg.Pool({ connectionString: server.db.adminUrl, max: 2 });
  return {
    url: server.url,
    server,
    seed,
    workspaceName: seed.workspaces[0]!.name,
    query: async (sql, params = []) => (await db.query(sql, params)).rows,
    async close() {
      await db.end();
      await server.close();
    },
  };
}
