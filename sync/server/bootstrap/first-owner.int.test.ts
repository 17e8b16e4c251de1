/**
 * The first start of a server with no workspace: the first owner comes from
 * settings, or from a one-time setup code exchanged at POST /v1/setup.
 * There is never a built-in account or password.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../config/settings.ts';
import { call, login, newDevice, startTestServer, type TestServer } from '../testing/test-server.ts';
import { bootstrapOnStart } from './first-owner.ts';

const started: TestServer[] = [];
afterAll(async () => {
  for (const t of started) await t.close();
});

describe('first owner', () => {
  it('is created from FIRST_OWNER_* settings, once', async () => {
    const t = await startTestServer({
      firstOwnerEmail: 'boss@broker.example', firstOwnerPassword: 'first owner pass', firstOwnerName: 'Pat Boss',
      firstWorkspaceName: 'Great Lakes Brokerage',
    });
    started.push(t);
    expect(t.server.setupCode()).toBeNull();
    const { body } = await login(t.url, 'boss@broker.example', { password: 'first owner pass' });
    expect(body).toMatchObject({ role: 'owner', user: { display_name: 'Pat Boss' }, workspace: { name: 'Great Lakes Brokerage' } });
    // A second start finds the workspace and creates nothing.
    const again = await bootstrapOnStart(t.server.db.pool, settingsSchema.parse({ firstOwnerEmail: 'other@broker.example', firstOwnerPassword: 'another password' }));
    expect(again).toEqual({ kind: 'ready' });
    const counts = await t.db.pool.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM workspaces)::int AS workspaces');
    expect(counts.rows[0]).toEqual({ users: 1, workspaces: 1 });
    // Setup is closed for good.
    const setup = await call(t.url, 'POST', '/v1/setup', { body: { setup_code: 'AAAA', email: 'x@broker.example', password: 'long enough pw' } });
    expect(setup.status).toBe(409);
    expect(setup.body.error.code).toBe('already_set_up');
  });

  it('is otherwise created by exchanging the printed one-time setup code', async () => {
    const printed: string[] = [];
    const t = await startTestServer({}, { print: (line) => printed.push(line) });
    started.push(t);
    const code = t.server.setupCode();
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    expect(printed.join('\n')).toContain(`One-time setup code: ${code}`);
    const creds = await t.db.pool.query('SELECT count(*)::int AS n FROM user_credentials');
    expect(creds.rows[0].n).toBe(0);

    // Nobody can sign in before setup.
    const early = await call(t.url, 'POST', '/v1/auth/login', { body: { email: 'admin@example.test', password: 'admin', device: newDevice() } });
    expect(early.status).toBe(401);

    const body = { email: 'founder@broker.example', password: 'founder password', display_name: 'Fran Founder', workspace_name: 'Founders Foods' };
    const wrong = await call(t.url, 'POST', '/v1/setup', { body: { ...body, setup_code: 'AAAA-BBBB-CCCC-DDDD-EEEE' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_setup_code', field: 'setup_code' });
    const weak = await call(t.url, 'POST', '/v1/setup', { body: { ...body, password: 'short', setup_code: code } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');

    // Codes are case-insensitive when typed.
    const done = await call(t.url, 'POST', '/v1/setup', { body: { ...body, setup_code: code!.toLowerCase() } });
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ user_id: expect.any(String), workspace_id: expect.any(String) });
    expect(t.server.setupCode()).toBeNull();
    const me = await login(t.url, 'founder@broker.example', { password: 'founder password' });
    expect(me.body).toMatchObject({ role: 'owner', workspace: { id: done.body.workspace_id, name: 'Founders Foods' } });

    const twice = await call(t.url, 'POST', '/v1/setup', { body: { ...body, setup_code: code } });
    expect(twice.status).toBe(409);
  });
});
