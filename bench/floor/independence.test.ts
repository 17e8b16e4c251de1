/**
 * The independent floor must not load the code it is compared with: walks
 * the relative imports of its child process entry, transitively, and checks
 * that none reaches sync/client, sync/server or main/ (sync/schema, the table
 * list, is data and allowed). ESLint's fences cover layers, not this one file set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BENCH_DIR, REPO_ROOT } from '../options.ts';

// Static (`import x from`, `export ... from`), bare (`import '...'`) and dynamic (`import('...')`) imports.
const IMPORT = /\b(?:import|export)\b[^'";]*?['"](\.{1,2}\/[^'"]+)['"]/g;

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

it('the independent floor process imports nothing from sync/client, sync/server or main', () => {
  const seen = new Set<string>();
  const todo = [path.join(BENCH_DIR, 'floor-process.ts')];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...relativeImports(file));
  }
  const reached = [...seen].map((f) => path.relative(REPO_ROOT, f));
  expect(reached).toContain('bench/floor/handlers.ts');
  expect(reached).toContain('sync/schema/index.ts');
  expect(reached.filter((f) => /^(sync\/client|sync\/server|main)\//.test(f))).toEqual([]);
});
