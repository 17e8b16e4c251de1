/** This installation's device identity, created once and kept in the data directory. */
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { tightenFile, uuidv7, type DeviceIdentity } from './sync-deps.ts';

const deviceFile = z.object({ id: z.uuid(), name: z.string().min(1) });

function platform(): DeviceIdentity['platform'] {
  const p = process.platform;
  return p === 'linux' || p === 'darwin' || p === 'win32' ? p : 'other';
}

export async function loadDevice(dataDir: string, appVersion: string): Promise<DeviceIdentity> {
  const file = path.join(dataDir, 'device.json');
  tightenFile(file);
  const stored = deviceFile.safeParse(await readFile(file, 'utf8').then(JSON.parse, () => null));
  let d: z.infer<typeof deviceFile>;
  if (stored.success) {
    d = stored.data;
  } else {
    d = { id: uuidv7(), name: hostname().slice(0, 200) || 'Desktop' };
    await writeFile(file, JSON.stringify(d), { mode: 0o600 });
  }
  return { id: d.id, name: d.name, platform: platform(), app_version: appVersion };
}
