/**
 * SIGINT and SIGTERM as a stop request, listened for from the start of main()
 * so that a stop sent while the server is still starting is never met by the
 * default action (an abrupt exit that leaves embedded PostgreSQL running).
 * The first signal asks for a clean stop; a second one means "now".
 *
 * The server must receive the signal itself: `npm run server` runs it as
 * `node --import tsx`, not through the tsx CLI, whose parent process gives the
 * real one 30 ms to acknowledge a relayed signal and SIGKILLs it otherwise
 * (on a loaded machine that is a killed server and exit 143 instead of 0).
 */
import { constants } from 'node:os';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export function listenForStop(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<StopSignal> {
  return new Promise((resolve) => {
    let requested = false;
    const onSignal = (signal: StopSignal) => {
      if (requested) {
        write(`${signal} again: exiting without a clean stop`);
        process.exit(128 + constants.signals[signal]);
      }
      requested = true;
      write(`${signal}: stopping`);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
