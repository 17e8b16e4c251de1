/**
 * The test's side of client-process.ts: starts it with tsx as a separate OS
 * process, reads its JSON-line reports, waits for one, and kills it with
 * SIGKILL (no handler runs, no transaction commits: a crash, not a quit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientProcessConfig } from './client-process.ts';

const SCRIPT = fileURLToPath(new URL('./client-process.ts', import.meta.url));

export interface ProcessEvent {
  event: string;
  [k: string]: unknown;
}

export interface ClientProcess {
  pid: number;
  events: ProcessEvent[];
  /** Resolves with the first report of this kind (including one already received). */
  next(event: string, timeoutMs?: number): Promise<ProcessEvent>;
  kill9(): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

export function startClientProcess(config: ClientProcessConfig): ClientProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, FAULT_CLIENT_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ProcessEvent[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('{')) events.push(JSON.parse(line) as ProcessEvent);
    }
    for (const w of [...waiters]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const w of [...waiters]) w();
  });

  return {
    pid: child.pid!,
    events,
    exited,
    next(event, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.event === event);
          if (found || hasExited) {
            clearTimeout(timer);
            waiters.delete(check);
            if (found) resolve(found);
            else reject(new Error(`client process ${child.pid} exited before "${event}"; stderr:\n${stderr.slice(-2000)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`client process ${child.pid} sent no "${event}" within ${timeoutMs} ms; stderr:\n${stderr.slice(-2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async kill9() {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}
