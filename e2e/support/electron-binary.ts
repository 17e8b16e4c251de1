/**
 * The Electron binary, when this machine has one. Electron is an optional
 * dependency: its package resolves to the path of a downloaded binary, and
 * throws (or names a missing file) where the download was skipped or blocked.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
