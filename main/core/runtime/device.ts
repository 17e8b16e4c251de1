/**
 * This installation's device identity, created once and kept in the data
 * directory. Its name is how admins tell devices apart in the server's list:
 * by default the OS user and the machine ("elena on laptop-7"), following the
 * machine if it is renamed, until the person chooses a name of their own.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { tightenFile, uuidv7, type DeviceIdentity } from './sync-deps.ts';

const deviceFile = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  /** The person chose this name; otherwise it follows the OS user and machine. */
  chosen: z.boolean().default(false),
  /** A chosen name the server has not acknowledged yet (renamed while offline or signed out). */
  unsent: z.boolean().default(false),
});
type DeviceFile = z.infer<typeof deviceFile>;

function platform(): DeviceIdentity['platform'] {
  const p = process.platform;
  return p === 'linux' || p === 'darwin' || p === 'win32' ? p : 'other';
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment may still say who it is.
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

/** "elena on laptop-7": who and which machine, without the network suffix (.local, .lan, .home). */
export function defaultDeviceName(user = osUser(), host = hostname()): string {
  const machine = host.replace(/\.(local|lan|home|localdomain)$/i, '').trim();
  const name = [user.trim(), machine].filter(Boolean).join(' on ');
  return name.slice(0, 200) || 'Desktop';
}

const fileOf = (dataDir: string) => path.join(dataDir, 'device.json');

async function save(dataDir: string, d: DeviceFile): Promise<void> {
  await writeFile(fileOf(dataDir), JSON.stringify(d), { mode: 0o600 });
}

export interface LoadedDevice extends DeviceIdentity {
  /** A chosen name the server has not acknowledged yet. */
  unsent: boolean;
}

export async function loadDevice(dataDir: string, appVersion: string): Promise<LoadedDevice> {
  const file = fileOf(dataDir);
  tightenFile(file);
  const stored = deviceFile.safeParse(await readFile(file, 'utf8').then(JSON.parse, () => null));
  let d: DeviceFile;
  if (stored.success) {
    d = stored.data;
    // Older installs were named after the host alone ("vm" for all of them): an
    // unchosen name follows the default, so they become distinguishable.
    const name = defaultDeviceName();
    if (!d.chosen && d.name !== name) {
      d = { ...d, name };
      await save(dataDir, d);
    }
  } else {
    d = { id: uuidv7(), name: defaultDeviceName(), chosen: false, unsent: false };
    await save(dataDir, d);
  }
  return { id: d.id, name: d.name, platform: platform(), app_version: appVersion, unsent: d.unsent };
}

/** Keeps a name the person chose; `unsent` until the server has it (sign-in sends it too). */
export async function saveDeviceName(dataDir: string, device: LoadedDevice, name: string, unsent: boolean): Promise<void> {
  device.name = name;
  device.unsent = unsent;
  await save(dataDir, { id: device.id, name, chosen: true, unsent });
}
