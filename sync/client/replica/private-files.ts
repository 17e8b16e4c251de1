/**
 * Files only this user may read: a lost or shared laptop must not hand the
 * replica, tokens or device identity to another local account. Directories
 * are 0700 and files 0600, set when they are created (whatever the umask) and
 * tightened again when they are opened, for files an older version left
 * world-readable. On Windows, where POSIX modes mean little, the profile
 * folder's ACL does this job and these calls change nothing.
 */
import { chmodSync, closeSync, mkdirSync, openSync, rmSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** What SQLite keeps beside a database file (WAL mode, or a rollback journal). */
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Creates the directory (and its parents) if needed; the directory itself ends up 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Sets 0600 on a file if it exists. */
export function tightenFile(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/**
 * Before SQLite opens `file`: creates it empty with 0600 if missing, and
 * tightens it and any companions left from an earlier run. SQLite gives the
 * -wal and -shm files it creates the database file's mode, so they are 0600 too.
 */
export function preparePrivateDatabase(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tightenFile(file);
  for (const suffix of SQLITE_COMPANIONS) tightenFile(`${file}${suffix}`);
}

/** Deletes a closed database file and its companions (a wiped account). */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, ...SQLITE_COMPANIONS.map((s) => `${file}${s}`)]) rmSync(f, { force: true });
}
