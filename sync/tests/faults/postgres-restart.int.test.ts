/**
 * PostgreSQL itself restarts under a running sync server and its clients (a
 * failover, a crash, an upgrade): on its own embedded cluster, so the shared
 * test cluster is untouched. Requests fail while it is down (the clients keep
 * their writes and retry), the server's pools and its replication stream
 * reconnect, and afterwards every client equals the server and every write is
 * in PostgreSQL exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../server-migrations/migrator.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../server-migrations/postgres/embedded-postgres.ts';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { settingsSchema } from '../../server/config/settings.ts';
import { startSyncServer, type SyncServer } from '../../server/server.ts';
import { createLoginTenant, type LoginTenant } from '../../server/testing/test-server.ts';
import { expectConvergence, until } from './convergence.ts';
import { newOrganization, startFaultClient, type FaultClient } from './fault-client.ts';

const DATABASE = 'pantry_restart';
const AUTH_PASSWORD = 'restart-test-authenticator';
let root: string;
let cluster: RunningPostgres;
let pool: pg.Pool;
let server: SyncServer;
let a: LoginTenant;
const clients: FaultClient[] = [];

const startCluster = (port?: number) =>
  startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), persistent: true, ...(port ? { port } : {}) });

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pantry-pg-restart-'));
  cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = cluster.urlFor(DATABASE);
  await migrate({ databaseUrl: url, direction: 'up' });
  pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined); // idle connections die with the restart; the pool replaces them
  await pool.query(`ALTER ROLE crm_authenticator LOGIN PASSWORD '${AUTH_PASSWORD}'`);
  const auth = new URL(url);
  auth.username = 'crm_authenticator';
  auth.password = AUTH_PASSWORD;
  server = await startSyncServer(
    settingsSchema.parse({
      databaseUrl: url,
      authenticatorUrl: auth.toString(),
      port: 0,
      logLevel: 'silent',
      dataDir: path.join(root, 'server'),
      dbPoolSize: 4,
      accessRecheckMs: '60s',
    }),
    { print: () => {} },
  );
  a = await createLoginTenant(pool, 'pgrestart');
  await createCrmGraph(pool, a.workspaceId, a.users.owner);
}, 120_000);

afterAll(async () => {
  for (const c of clients) await c.cleanup();
  await server?.close();
  await pool?.end();
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('PostgreSQL restart', () => {
  it('clients keep their writes while it is down; afterwards the server reconnects and everything converges once', async () => {
    const rep = await startFaultClient(server.url, a.emails.rep, 'rep');
    const manager = await startFaultClient(server.url, a.emails.manager, 'manager');
    clients.push(rep, manager);
    await expectConvergence(pool, clients, { context: 'before the restart' });

    await cluster.stop();
    const [offline] = rep.ledger.write(rep.replica, [newOrganization(rep, 'Written While PostgreSQL Was Down')]);
    // The push is refused while the database is away; the write stays, pending.
    await until(() => rep.replica.outbox.counts().pending + rep.replica.outbox.counts().sent === 1 && rep.sync.status().state !== 'up_to_date', () => `the rep to notice (status ${rep.sync.status().state})`, 15_000);
    cluster = await startCluster(cluster.port);

    manager.ledger.write(manager.replica, [newOrganization(manager, 'Written After PostgreSQL Came Back')]);
    await expectConvergence(pool, clients, { context: 'after the restart', timeoutMs: 60_000 });
    expect(manager.replica.getRow('organizations', offline!.row_id)).toMatchObject({ name: 'Written While PostgreSQL Was Down', _pending: 0 });
  });
});
