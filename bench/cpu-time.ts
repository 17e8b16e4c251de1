/**
 * CPU time actually spent, read from /proc (Linux): per process tree and for
 * the whole machine. The scale phase reports it per level so its latency can be
 * read against who used the 2 cores: the server, its PostgreSQL, the light
 * clients themselves, or other work on a shared machine.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on. */
const TICKS = 100;

interface Stat {
  ppid: number;
  /** utime + stime, seconds. */
  cpuS: number;
}

function statOf(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by `pid` alone (0 once it is gone or off Linux). */
export function cpuSecondsOf(pid: number): number {
  return statOf(pid)?.cpuS ?? 0;
}

/** CPU seconds used so far by the live descendants of `pid` (not `pid` itself). */
export function descendantCpuSeconds(pid: number): number {
  const all = new Map<number, Stat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const s = statOf(Number(e));
    if (s) all.set(Number(e), s);
  }
  const children = new Map<number, number[]>();
  for (const [p, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), p]);
  let total = 0;
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    total += all.get(p)!.cpuS;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** The whole machine's CPU seconds, busy and in all (summed over cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / TICKS, total: total / TICKS };
  } catch {
    return { busy: 0, total: 0 };
  }
}
