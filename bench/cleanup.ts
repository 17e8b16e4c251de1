/**
 * Everything the bench starts (server, PostgreSQL, client processes, temp
 * dirs) registers how to undo it here, so a failure or Ctrl-C leaves nothing
 * running and nothing on disk. Undo steps run newest first.
 */
type Undo = () => Promise<void> | void;

const steps: { what: string; undo: Undo }[] = [];
let running: Promise<void> | null = null;

/** Registers an undo step; the returned function unregisters it (after the thing was closed normally). */
export function onCleanup(what: string, undo: Undo): () => void {
  const step = { what, undo };
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

export function cleanupAll(log: (line: string) => void = () => {}): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step.undo();
      } catch (err) {
        log(`cleanup: ${step.what}: ${(err as Error).message}`);
      }
    }
    running = null;
  })();
  return running;
}

/** Ctrl-C or a TERM: undo everything, then exit with the signal's conventional code. */
export function cleanupOnSignals(log: (line: string) => void): void {
  const handler = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping and cleaning up`);
    void cleanupAll(log).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
