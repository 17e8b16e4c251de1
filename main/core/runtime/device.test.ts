/**
 * The device identity file on a real temporary directory: a new install is
 * named after the OS user and the machine; an older install named after the
 * host alone is renamed to that; a chosen name stays, whatever the machine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeviceName, loadDevice, saveDeviceName } from './device.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'device-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stored = async () => JSON.parse(await readFile(path.join(dir, 'device.json'), 'utf8'));

describe('the device name', () => {
  it('is who and which machine, without the network suffix', () => {
    expect(defaultDeviceName('elena', 'laptop-7.local')).toBe('elena on laptop-7');
    expect(defaultDeviceName('elena', 'vm')).toBe('elena on vm');
    expect(defaultDeviceName('', 'vm')).toBe('vm');
    expect(defaultDeviceName('', '')).toBe('Desktop');
    expect(defaultDeviceName('u', 'h'.repeat(300))).toHaveLength(200);
  });

  it('names a new install after the OS user and the machine, once', async () => {
    const d = await loadDevice(dir, '1.0.0');
    expect(d.name).toBe(defaultDeviceName());
    expect(d.name).toContain(hostname().replace(/\.local$/, ''));
    const again = await loadDevice(dir, '1.0.0');
    expect(again.id).toBe(d.id);
  });

  it('renames an older install named after the host alone, keeping its id', async () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    await writeFile(path.join(dir, 'device.json'), JSON.stringify({ id, name: 'vm' }));
    const d = await loadDevice(dir, '1.0.0');
    expect(d).toMatchObject({ id, name: defaultDeviceName(), unsent: false });
    expect(await stored()).toMatchObject({ id, name: defaultDeviceName(), chosen: false });
  });

  it('keeps a chosen name across restarts, unsent until the server has it', async () => {
    const d = await loadDevice(dir, '1.0.0');
    await saveDeviceName(dir, d, 'Elena laptop', true);
    expect(await loadDevice(dir, '1.0.0')).toMatchObject({ id: d.id, name: 'Elena laptop', unsent: true });
    await saveDeviceName(dir, d, 'Elena laptop', false);
    expect(await loadDevice(dir, '1.0.0')).toMatchObject({ name: 'Elena laptop', unsent: false });
  });
});
