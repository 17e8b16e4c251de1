/**
 * This computer's name in the server's device list, through the channel a
 * person uses, against a real sync server: named after the OS user and the
 * machine at first; a chosen name reaches the server with the sign-in, at once
 * while connected, and at the next start when chosen while the server was down.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invokeChannel } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { openRuntime, type CoreRuntime } from '../../main/core/runtime/runtime.ts';
import { defaultDeviceName } from '../../main/core/runtime/device.ts';
import { createLoginTenant, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let runtime: CoreRuntime;
const dataDir = mkdtempSync(path.join(tmpdir(), 'pantry-device-name-'));

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  runtime = await openRuntime({ dataDir });
});
afterAll(async () => {
  runtime.close();
  await t.close();
});

const call = (name: string, input?: unknown) => invokeChannel(CHANNELS[name], name, input, { runtime });
const serverName = async () =>
  (await t.db.pool.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [runtime.deviceId])).rows[0]?.name;

it('is the OS user and machine by default, and refuses a blank or unstorable name with the field', async () => {
  expect(await call('app.info')).toMatchObject({ ok: true, value: { device_name: defaultDeviceName() } });
  for (const name of ['   ', 'x'.repeat(201), 'bad\u0000name']) {
    const res = await call('device.rename', { name });
    expect(res, JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((res as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('name');
  }
});

it('reaches the server with the sign-in, at once while connected, and at the next start after an outage', async () => {
  // Chosen before any server account: kept here, sent with the sign-in.
  expect(await call('device.rename', { name: 'Elena laptop' })).toMatchObject({ ok: true, value: { name: 'Elena laptop', on_server: false } });
  expect((await call('session.sign_in', { server_url: t.url, email: a.emails.rep, password: PASSWORD })).ok).toBe(true);
  expect(await serverName()).toBe('Elena laptop');

  expect(await call('device.rename', { name: '  Elena, field laptop ' })).toMatchObject({
    ok: true,
    value: { name: 'Elena, field laptop', on_server: true },
  });
  expect(await serverName()).toBe('Elena, field laptop');

  await t.stop();
  expect(await call('device.rename', { name: 'Elena old laptop' })).toMatchObject({ ok: true, value: { on_server: false } });
  await t.restart();
  runtime.close();
  runtime = await openRuntime({ dataDir });
  expect(await call('app.info')).toMatchObject({ ok: true, value: { device_name: 'Elena old laptop' } });
  await waitFor(async () => (await serverName()) === 'Elena old laptop', 'the name chosen offline to reach the server');
});
