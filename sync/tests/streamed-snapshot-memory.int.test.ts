/**
 * A shape larger than the client's memory budget downloads with bounded
 * memory (measured with the server's former 10 MB chunks: about 410 MiB at
 * peak, of which V8's heap about 190 and SQLite's page cache 64; the chunks
 * are 2 MiB now, see bench/README.md for the figures since): the snapshot is written to SQLite batch by batch as it arrives
 * (sync/client/replica/snapshot-staging.ts), never held whole. A real server
 * and PostgreSQL, the desktop's sync client in its own OS process (so its
 * peak RSS, getrusage's ru_maxrss, is its own), a table whose notes alone
 * outweigh the budget: a client that buffered the shape before writing it
 * would hold every note as a string at once and pass the budget; this one
 * must stay under it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { Replica } from '../client/replica/index.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { startClientProcess } from './faults/client-process-control.ts';
import { signIn } from './faults/fault-client.ts';

const MiB = 2 ** 20;
/**
 * The budget asserted on the client's peak RSS. Generous: the client runs its
 * whole sync (every table, indexes, search) under tsx, whose baseline is far
 * below it, so a loaded machine's timing cannot push it over; a buffering
 * client would exceed it with the notes' text alone.
 */
const BUDGET_MIB = 512;
/** Interactions seeded, each with a note near the schema's 20,000-character limit: about 550 MiB of text. */
const ROWS = 30_000;
const NOTE_CHARS = 19_200;

let t: TestServer;
let a: LoginTenant;
const dirs: string[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'heavy');
  const g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  const c = await t.db.pool.connect();
  try {
    await c.query('BEGIN');
    // Without their audit rows (the audit trigger would copy every note into audit_log, also
    // replicated): the test's data is this one table, as large as the numbers above say.
    await c.query('ALTER TABLE interactions DISABLE TRIGGER interactions_audit_insert');
    await c.query(
      `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id)
       SELECT gen_random_uuid(), $1, 'Note', left(i || ' ' || repeat(md5(i::text), $3::int / 32 + 1), $3::int), $2
       FROM generate_series(1, $4::int) AS i`,
      [a.workspaceId, g.contactId, NOTE_CHARS, ROWS],
    );
    await c.query('ALTER TABLE interactions ENABLE TRIGGER interactions_audit_insert');
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}, 600_000);
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await t?.close();
});

describe('a shape larger than the memory budget', () => {
  it('downloads into the replica with the client process under the budget', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n, sum(octet_length(notes))::bigint AS bytes FROM interactions WHERE workspace_id = $1`,
      [a.workspaceId],
    );
    const noteBytes = Number(rows[0].bytes);
    // The premise: holding the shape's notes alone would take more than the budget.
    expect(noteBytes).toBeGreaterThan(BUDGET_MIB * MiB);

    const dir = mkdtempSync(path.join(tmpdir(), 'pantry-streamed-'));
    dirs.push(dir);
    const file = path.join(dir, 'replica.sqlite');
    const session = await signIn(t.url, a.emails.rep);
    const p = startClientProcess({
      file,
      serverUrl: t.url,
      token: session.token,
      actorId: session.userId,
      workspaceId: session.workspaceId,
    });
    const settled = await p.next('settled', 480_000);
    expect(await p.exited).toBe(0);

    const replica = Replica.open(file, { readonly: true });
    try {
      const local = replica
        .prepare('SELECT count(*) AS n, sum(length(CAST(notes AS BLOB))) AS bytes FROM interactions')
        .get() as { n: number; bytes: number };
      // Every row and every byte arrived.
      expect(local).toEqual({ n: rows[0].n, bytes: noteBytes });
    } finally {
      replica.close();
    }
    console.log(`streamed ${(noteBytes / MiB).toFixed(0)} MiB of notes; client peak RSS ${String(settled.peak_rss_mib)} MiB (budget ${BUDGET_MIB} MiB); ${JSON.stringify(settled)}`);
    expect(settled.peak_rss_mib as number).toBeLessThan(BUDGET_MIB);
  }, 600_000);
});
