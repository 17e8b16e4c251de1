/**
 * Builds what Electron loads: the main process (ESM) and the preload (CommonJS,
 * as sandboxed preloads must be) bundled by esbuild, with better-sqlite3 and
 * electron left external; the renderer by Vite into out/renderer.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export async function buildForElectron(root: string): Promise<string> {
  const out = path.join(root, 'out');
  await build({
    entryPoints: [path.join(root, 'main/electron/main.ts')],
    outfile: path.join(out, 'main/electron/main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    sourcemap: true,
  });
  await build({
    entryPoints: [path.join(root, 'main/electron/preload.ts')],
    outfile: path.join(out, 'main/electron/preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  });
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--outDir', path.join(out, 'renderer')], {
    cwd: root,
    stdio: 'inherit',
  });
  return path.join(out, 'main/electron/main.js');
}
