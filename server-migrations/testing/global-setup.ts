/**
 * Vitest global setup: one throwaway PostgreSQL cluster for the whole run, with
 * the schema migrated once into a template database. Each test file then clones
 * the template (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../postgres/embedded-postgres.ts';
import { migrate } from '../migrator.ts';
import { TEMPLATE_DATABASE } from './test-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(tmpdir(), 'pantry-test-pg-'));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(root, 'data'), persistent: false });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrate({ databaseUrl: cluster.urlFor(TEMPLATE_DATABASE), direction: 'up' });
  project.provide('pgAdminUrl', cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
