/**
 * Where the time went in V8 CPU profiles (`npm run bench -- --cpu-prof DIR`
 * writes them): self time per function and per source (a repo file or a
 * package), across every .cpuprofile in the folders given, so a fleet of 25
 * light-client processes reads as one.
 *
 *   npx tsx bench/cpu-profile-summary.ts /tmp/prof/server [--top 30] [--last 60]
 *
 * --last S keeps only each profile's last S seconds: the processes are stopped
 * right after the scale phase, so that is the phase itself without the seed
 * and the initial sync before it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** A source's short name: the package for node_modules, the repo path otherwise. */
function sourceOf(url: string): string {
  if (!url) return '(native/idle/gc)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return `pkg:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/wt-');
  return repo >= 0 ? url.slice(url.indexOf('/', repo + 1) + 1) : url.replace(/^file:\/\//, '');
}

function files(args: string[]): string[] {
  return args.flatMap((a) =>
    statSync(a).isDirectory()
      ? readdirSync(a).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(a, f))
      : [a],
  );
}

function main(): void {
  const argv = process.argv.slice(2);
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv.splice(topAt, 2)[1]) : 25;
  const lastAt = argv.indexOf('--last');
  const lastUs = lastAt >= 0 ? Number(argv.splice(lastAt, 2)[1]) * 1e6 : Infinity;
  const byFn = new Map<string, number>();
  const bySource = new Map<string, number>();
  /** Time with a frame of the source anywhere on the stack (once per sample): what a file's calls cost in all. */
  const inclusive = new Map<string, number>();
  let wallUs = 0;
  let totalUs = 0;
  let idleUs = 0;
  for (const file of files(argv)) {
    const p = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const from = p.endTime - lastUs;
    wallUs += Math.min(p.endTime - p.startTime, lastUs);
    const nodes = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackSources = new Map<number, Set<string>>();
    const sourcesOn = (id: number): Set<string> => {
      let set = stackSources.get(id);
      if (set) return set;
      const up = parent.get(id);
      set = new Set(up === undefined ? [] : sourcesOn(up));
      set.add(sourceOf(nodes.get(id)!.url));
      stackSources.set(id, set);
      return set;
    };
    let at = p.startTime;
    p.samples.forEach((id, i) => {
      const f = nodes.get(id)!;
      const us = p.timeDeltas[i] ?? 0;
      at += us;
      if (at < from) return;
      if (f.functionName === '(idle)' || f.functionName === '(program)') {
        idleUs += f.functionName === '(idle)' ? us : 0;
        if (f.functionName === '(idle)') return;
      }
      totalUs += us;
      const fn = `${f.functionName || '(anonymous)'} ${sourceOf(f.url)}:${f.lineNumber + 1}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + us);
      const src = sourceOf(f.url);
      bySource.set(src, (bySource.get(src) ?? 0) + us);
      for (const s of sourcesOn(id)) inclusive.set(s, (inclusive.get(s) ?? 0) + us);
    });
  }
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(8);
  const pct = (us: number) => `${((100 * us) / Math.max(1, totalUs)).toFixed(1).padStart(5)}%`;
  process.stdout.write(`profiles' wall time ${ms(wallUs)} ms; busy (not idle) ${ms(totalUs)} ms; idle ${ms(idleUs)} ms\n\nby source (self time):\n`);
  for (const [k, v] of [...bySource].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(v)} ms ${pct(v)}  ${k}\n`);
  process.stdout.write('\nby source (inclusive: a frame of it on the stack):\n');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(v)} ms ${pct(v)}  ${k}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms(v)} ms ${pct(v)}  ${k}\n`);
}

main();
