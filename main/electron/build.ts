/**
 * Builds what Electron loads: the main process (ESM) and the preload (CommonJS,
 * as sandboxed preloads must be) bundled by esbuild, with better-sqlite3 and
 * electron left external; the renderer by Vite into out/renderer.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Bundles Electron's main process (ESM) into `outfile`. */
export async function bundleMain(root: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'main/electron/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
    // Bundled CommonJS code calls require; ESM has none. The banner's createRequire has a name of
    // its own: a bundled module importing createRequire itself (background-checkpoint.ts) would
    // otherwise declare it twice, and main.js would not parse.
    banner: {
      js: "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);",
    },
    sourcemap: true,
  });
}

export async function buildForElectron(root: string): Promise<string> {
  const out = path.join(root, 'out');
  await bundleMain(root, path.join(out, 'main/electron/main.js'));
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
