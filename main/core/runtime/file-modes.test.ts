/**
 * A lost or shared laptop: what the core keeps on disk is readable by this
 * user only, whatever the umask. Directories 0700, files 0600 (replica and
 * its -wal/-shm, accounts.json, device.json, tokens), set at creation and
 * tightened again at open for files an older version left world-readable.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../../sync/client/server-link/token-store.ts';
import { openRuntime } from './runtime.ts';

const modeOf = (p: string) => statSync(p).mode & 0o777;
let dataDir: string;
let oldUmask: number;

beforeAll(() => {
  // The usual desktop umask: new files would be 0644 and directories 0755 without explicit modes.
  oldUmask = process.umask(0o022);
  dataDir = mkdtempSync(path.join(tmpdir(), 'pantry-modes-'));
  chmodSync(dataDir, 0o755);
});
afterAll(() => {
  process.umask(oldUmask);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file and directory a core run leaves, with the mode it must have. */
function expectedModes(replicaFile: string): [string, number][] {
  return [
    [dataDir, 0o700],
    [path.join(dataDir, 'accounts'), 0o700],
    [path.join(dataDir, 'tokens'), 0o700],
    [path.join(dataDir, 'accounts.json'), 0o600],
    [path.join(dataDir, 'device.json'), 0o600],
    [replicaFile, 0o600],
    [`${replicaFile}-wal`, 0o600],
    [`${replicaFile}-shm`, 0o600],
  ];
}

/** Opens the core as the app does and writes once, so the -wal and -shm files exist. */
async function coreRun(name: string) {
  const runtime = await openRuntime({ dataDir });
  const file = path.join(dataDir, runtime.account.db_file);
  runtime.ctx.replica.outbox.enqueue([
    { table: 'organizations', op: 'insert', row_id: randomUUID(), workspace_id: runtime.account.workspace_id, changes: { name } },
  ]);
  expect(existsSync(`${file}-wal`) && existsSync(`${file}-shm`)).toBe(true);
  return { runtime, file };
}

const modesNow = (file: string) => expectedModes(file).map(([p]) => [p, modeOf(p).toString(8)]);
const modesWanted = (file: string) => expectedModes(file).map(([p, m]) => [p, m.toString(8)]);

describe('file modes of the desktop core', () => {
  it('creates directories 0700 and files 0600 under a 022 umask', async () => {
    const { runtime, file } = await coreRun('Private Pantry');
    try {
      expect(modesNow(file)).toEqual(modesWanted(file));
    } finally {
      runtime.close();
    }
  });

  it('tightens what an older version left world-readable when it opens them', async () => {
    const first = await coreRun('Older Pantry');
    first.runtime.close();
    // What an older version left, or a crash (SQLite removes -wal and -shm only on a clean close):
    // everything readable by others.
    for (const side of ['-wal', '-shm']) writeFileSync(`${first.file}${side}`, '');
    for (const [p, mode] of expectedModes(first.file)) chmodSync(p, mode === 0o700 ? 0o755 : 0o644);
    const again = await coreRun('Tightened Pantry');
    try {
      expect(modesNow(again.file)).toEqual(modesWanted(again.file));
    } finally {
      again.runtime.close();
    }
  });

  it('keeps tokens 0600, also over a token file left readable by others', async () => {
    const dir = path.join(dataDir, 'tokens');
    const store = new FileTokenStore(dir);
    const id = '0190f1f4-0000-7000-8000-000000000001';
    const tokenFile = path.join(dir, `${id}.token`);
    writeFileSync(tokenFile, 'an-old-token', { mode: 0o644 });
    chmodSync(tokenFile, 0o644);
    expect(await store.load(id)).toBe('an-old-token');
    expect(modeOf(tokenFile).toString(8)).toBe('600');
    chmodSync(tokenFile, 0o644);
    await store.save(id, 'a-new-token');
    expect(modeOf(tokenFile).toString(8)).toBe('600');
    expect(modeOf(dir).toString(8)).toBe('700');
  });
});
