/**
 * electron-builder's afterPack hook (electron-builder.yml): flips Electron's
 * fuses in the packaged binary, before signing, so that the shipped app
 * cannot be turned into something else from the outside: no running as plain
 * Node, no NODE_OPTIONS or --inspect, code only from the app's asar archive,
 * whose integrity is checked (macOS, Windows), and cookies encrypted at rest.
 *
 * A hook rather than electron-builder's `electronFuses` option, because the
 * option cannot ask for strictlyRequireAllFuses: here every fuse is decided,
 * and an Electron upgrade that adds one stops packaging until it is decided too.
 */
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** @returns {import('@electron/fuses').FuseV1Config} */
export function pantryFuses() {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // Electron's default: we ship no browser-process snapshot of our own.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The window loads our page from file:// (inside app.asar): that needs the file protocol's usual rights.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  };
}

/**
 * Where electron-builder put the app's executable (the file, or the .app bundle, that holds the fuse wire).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { executableName?: string, appInfo: { productFilename: string } } }} context
 */
export function packagedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (!packager.executableName) throw new Error('after-pack: the Linux packager named no executable');
  return path.join(appOutDir, packager.executableName);
}

/** @param {Parameters<typeof packagedBinary>[0]} context */
export async function afterPack(context) {
  // Changing the binary breaks macOS's ad-hoc signature (fatal on Apple silicon): re-sign it ad hoc; real signing follows.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(packagedBinary(context), { ...pantryFuses(), resetAdHocDarwinSignature });
}

export default afterPack;
