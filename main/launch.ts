/**
 * `npm start`: the desktop app. With the Electron binary installed it builds
 * and launches Electron. Where the binary could not be downloaded (some build
 * machines), it says so and serves the very same app in the browser through
 * the dev host instead, so `npm start` always opens Pantry CRM.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary(): string | null {
  try {
    // The electron package exports the path of its downloaded binary, and throws when there is none.
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (bin) {
  const { buildForElectron } = await import('./electron/build.ts');
  const entry = await buildForElectron(root);
  const child = spawn(bin, [entry], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    'The Electron binary is not installed on this machine (its download was skipped or blocked), so Pantry CRM\n' +
      'starts in your browser instead: same app, same data folder layout. Install it with `npx electron --version`\n' +
      'where downloads are allowed.\n\n',
  );
  const child = spawn('npm', ['run', 'web', '--', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
