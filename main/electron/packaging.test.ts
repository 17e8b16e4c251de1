/**
 * Packaging needs the Electron binary, which our build machines cannot download,
 * so the config is checked here with electron-builder's own loader and schema
 * validation (the same code `npm run dist` runs first).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', () => {
  it('passes electron-builder validation and targets every platform', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('com.pantrycrm.desktop');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('unpacks the native SQLite module from the asar and rebuilds it for Electron', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
  });

  it('points at icons that exist', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(icon && existsSync(path.join(root, icon)), String(icon)).toBe(true);
    }
  });

  it('rejects a config with an unknown option (the validation is real)', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(
      validateConfiguration({ ...config, linux: { ...config.linux, targett: 'AppImage' } } as never, new DebugLogger(false)),
    ).rejects.toThrow(/Invalid configuration object/);
  });
});
