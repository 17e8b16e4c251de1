/**
 * Copies a replica's WAL into its file on a worker thread, with its own
 * SQLite connection, so the thread that runs the app and the sync does not
 * wait for it.
 *
 * Why: a first download runs without automatic checkpoints (Replica.firstDownload),
 * so when it ends the WAL holds about the whole new replica (225 MiB at 100k
 * interactions). Copying that on the sync thread kept the app "still
 * downloading" for the copy (about 0.16 s of 2.0 s at 20k interactions, more
 * at full size; bench/README.md); left to the next automatic checkpoint it
 * would land inside whatever write came next (a live change, a user's command).
 *
 * A PASSIVE checkpoint never takes the write lock, so the sync thread keeps
 * writing meanwhile; pages it changes again are copied by a later checkpoint.
 * A crash or exit part-way loses nothing: the WAL stays valid and the next
 * open replays it. Failures are reported, never thrown (it is housekeeping).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker (CommonJS, eval): open, checkpoint, close, answer. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ ok: true, walPages: r.log, copiedPages: r.checkpointed });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String(err && err.message || err) });
} finally {
  if (db) db.close();
}`;

export interface CheckpointResult {
  ok: boolean;
  walPages?: number;
  copiedPages?: number;
  message?: string;
}

/** Resolved here, where the app's own dependency resolution applies (a packaged app included). */
const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Starts a checkpoint of `path` on a worker thread; resolves when it is over (never rejects). */
export function checkpointInBackground(path: string): Promise<CheckpointResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: CheckpointResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, driver: driverPath },
      // Plain CommonJS: none of the process's loader flags (a dev run's `--import tsx` would load
      // the TypeScript loader into the worker too, ~40 MiB more at the end of a first download).
      execArgv: [],
    });
    // Housekeeping must not keep a process alive that is otherwise done.
    worker.unref();
    worker.once('message', (m: CheckpointResult) => done(m));
    worker.once('error', (err) => done({ ok: false, message: err.message }));
    worker.once('exit', (code) => done({ ok: false, message: `checkpoint worker exited (${code})` }));
  });
}
