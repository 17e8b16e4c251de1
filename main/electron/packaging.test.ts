/**
 * Packaging needs the Electron binary, which our build machines cannot download,
 * so the config is checked here with electron-builder's own loader and schema
 * validation (the same code `npm run dist` runs first), and the afterPack hook
 * is loaded the way electron-builder loads it and run on a small stand-in for
 * the binary: a file holding Electron's fuse wire (sentinel, version, length,
 * one byte per fuse), which is all that @electron/fuses reads and writes.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

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

/** What the hook reads of electron-builder's AfterPackContext. */
interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}

/** Electron's own defaults, as the wire holds them in a fresh binary ('1' on, '0' off). */
const ELECTRON_DEFAULTS = '10110001';

/** A stand-in for the Electron binary: some bytes, then the fuse wire. */
async function fakeElectron(file: string, wire = ELECTRON_DEFAULTS): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.concat([Buffer.from('ELF-ish prefix '), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from(' rest')]));
}

async function loadHook(): Promise<(context: PackContext) => Promise<void>> {
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  return resolveFunction<(context: PackContext) => Promise<void>>(undefined, config.afterPack as string, 'afterPack', root);
}

async function appOutDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pantry-after-pack-'));
  dirs.push(dir);
  return dir;
}

describe('Electron fuses (afterPack hook)', () => {
  it('is wired in electron-builder.yml to a file that exists', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    expect(config.afterPack).toBe('./build/after-pack.mjs');
    expect(existsSync(path.join(root, 'build/after-pack.mjs'))).toBe(true);
  });

  it.each([
    ['linux', 'pantry-crm'],
    ['win32', 'Pantry CRM.exe'],
  ])('flips every fuse to our setting in the packaged %s binary', async (platform, file) => {
    const out = await appOutDir();
    await fakeElectron(path.join(out, file));
    const hook = await loadHook();
    await hook({ appOutDir: out, electronPlatformName: platform, packager: { executableName: 'pantry-crm', appInfo: { productFilename: 'Pantry CRM' } } });
    const wire = (await getCurrentFuseWire(path.join(out, file))) as unknown as Record<number, number>;
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      browserSnapshot: wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      cookieEncryption: FuseState.ENABLE,
      nodeOptions: FuseState.DISABLE,
      inspectArguments: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyFromAsar: FuseState.ENABLE,
      browserSnapshot: FuseState.DISABLE,
      fileProtocolPrivileges: FuseState.ENABLE,
    });
  });

  it('stops packaging when an Electron upgrade brings a fuse nobody decided on', async () => {
    const out = await appOutDir();
    await fakeElectron(path.join(out, 'pantry-crm'), `${ELECTRON_DEFAULTS}1`);
    const hook = await loadHook();
    await expect(
      hook({ appOutDir: out, electronPlatformName: 'linux', packager: { executableName: 'pantry-crm', appInfo: { productFilename: 'Pantry CRM' } } }),
    ).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});
