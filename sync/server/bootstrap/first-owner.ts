/**
 * The first start: while no workspace exists, the server either creates the
 * first owner and workspace from FIRST_OWNER_EMAIL / FIRST_OWNER_PASSWORD (and
 * FIRST_OWNER_NAME, FIRST_WORKSPACE_NAME), or prints a one-time setup code that
 * `POST /v1/setup` exchanges for them. There is never a built-in password.
 * The code lives only in this process's memory: a restart prints a new one,
 * and the database function refuses a second first owner whatever the code.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { PASSWORD } from '../auth/new-password.ts';
import { hashPassword } from '../../../server-migrations/identity/password-hash.ts';
import type { Settings } from '../config/settings.ts';
import { isPgError } from '../database/as-user.ts';
import type { ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';

export type { SetupState } from './setup-state.ts';

export type BootstrapOutcome =
  | { kind: 'ready' }
  | { kind: 'created'; email: string; workspaceName: string; userId: string; workspaceId: string }
  | { kind: 'setup_code'; code: string };

/** Five groups of four from an alphabet without look-alikes: easy to read out, 100 bits of entropy. */
function newSetupCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12, 16].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

async function createFirstOwner(pool: pg.Pool, email: string, displayName: string, password: string, workspaceName: string) {
  const { rows } = await pool.query<{ user_id: string; workspace_id: string }>(
    'SELECT * FROM crm.bootstrap_first_owner($1, $2, $3, $4)',
    [email, displayName, await hashPassword(password), workspaceName],
  );
  return rows[0]!;
}

export async function bootstrapOnStart(pool: pg.Pool, settings: Settings): Promise<BootstrapOutcome> {
  const { rows } = await pool.query<{ needed: boolean }>('SELECT crm.bootstrap_needed() AS needed');
  if (!rows[0]?.needed) return { kind: 'ready' };
  if (settings.firstOwnerEmail && settings.firstOwnerPassword) {
    const email = settings.firstOwnerEmail;
    const name = settings.firstOwnerName ?? email.split('@')[0]!;
    try {
      const created = await createFirstOwner(pool, email, name, settings.firstOwnerPassword, settings.firstWorkspaceName);
      return { kind: 'created', email, workspaceName: settings.firstWorkspaceName, userId: created.user_id, workspaceId: created.workspace_id };
    } catch (err) {
      // Another replica created it a moment earlier: that is the outcome we wanted.
      if (isPgError(err) && err.code === 'CRMS1') return { kind: 'ready' };
      throw err;
    }
  }
  return { kind: 'setup_code', code: newSetupCode() };
}

const setupBody = z.strictObject({
  setup_code: z.string().min(1).max(100),
  email: z.email({ error: 'must be an email address' }).max(320),
  password: PASSWORD,
  display_name: z.string().trim().min(1).max(200).optional(),
  workspace_name: z.string().trim().min(1).max(200).optional(),
});

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a.trim().toUpperCase());
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function setupRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post('/v1/setup', async (request, reply) => {
    const body = parseOr400(setupBody, request.body, 'setup');
    const pending = ctx.setup.code;
    if (!pending) throw new HttpProblem(409, 'already_set_up', 'this server already has an owner: sign in with POST /v1/auth/login');
    if (!sameCode(body.setup_code, pending)) {
      throw new HttpProblem(403, 'invalid_setup_code', 'the setup code is wrong: use the code the server printed when it started', 'setup_code');
    }
    try {
      const created = await createFirstOwner(
        ctx.pool, body.email, body.display_name ?? body.email.split('@')[0]!, body.password,
        body.workspace_name ?? ctx.settings.firstWorkspaceName,
      );
      ctx.setup.code = null;
      return reply.code(201).send({ user_id: created.user_id, workspace_id: created.workspace_id });
    } catch (err) {
      if (isPgError(err) && err.code === 'CRMS1') {
        ctx.setup.code = null;
        throw new HttpProblem(409, 'already_set_up', 'this server already has an owner: sign in with POST /v1/auth/login');
      }
      throw err;
    }
  });
}
