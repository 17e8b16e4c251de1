/**
 * The sync server's HTTP API as the desktop client uses it: sign-in, sign-out,
 * the mutation endpoint and the admin routes (sync/server/admin, for owners and
 * admins; the answers' shapes are in admin-answers.ts). Every answer is validated with zod; failures
 * become a SyncHttpError with the server's stable code, or `network` when the
 * server could not be reached (the client is offline, not broken).
 */
import { z } from 'zod';
import {
  DEVICE_WIPED, historyPage, httpError, mutationResponse, syncPlan,
  type ClientMutation, type HistoryPage, type MemberRole, type MutationResponse, type SyncPlan,
} from '../../schema/index.ts';
import {
  addedMemberAnswer, deviceAnswer, devicesAnswer, memberAnswer, membersAnswer, rejectedAnswer, syncHealth,
  type AddedMember, type AdminDevice, type AdminMember, type RejectedFilter, type RejectedPage, type SyncHealth,
} from './admin-answers.ts';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The input field the server blamed, when it named one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
  /** The token was refused: the user must sign in again. */
  get signedOut(): boolean {
    return this.status === 401;
  }
  get offline(): boolean {
    return this.code === 'network';
  }
  /** An admin chose "revoke and wipe" for this device: its copy of the account must go. */
  get deviceWiped(): boolean {
    return this.status === 401 && this.code === DEVICE_WIPED;
  }
  /** Too many requests at once: wait for Retry-After; nothing is wrong with what was sent. */
  get rateLimited(): boolean {
    return this.status === 429;
  }
}

export const sessionInfo = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), display_name: z.string() }),
  role: z.string(),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  device: z.object({ id: z.uuid(), name: z.string(), platform: z.string() }).loose(),
  expires_at: z.string().optional(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
const loginAnswer = sessionInfo.extend({ token: z.string().min(20), token_type: z.literal('Bearer') });
export type LoginAnswer = z.infer<typeof loginAnswer>;

export interface DeviceIdentity {
  id: string;
  name: string;
  platform: 'linux' | 'darwin' | 'win32' | 'web' | 'other';
  app_version?: string;
}

async function request<T>(url: string, init: RequestInit, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new SyncHttpError(0, 'network', `the server at ${new URL(url).origin} cannot be reached`);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // a proxy's HTML error page, for instance: reported below with the status
  }
  if (!res.ok) {
    const parsed = httpError.safeParse(body);
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new SyncHttpError(
      res.status,
      parsed.success ? parsed.data.error.code : `http_${res.status}`,
      parsed.success ? parsed.data.error.message : `the server answered ${res.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      parsed.success ? parsed.data.error.field : undefined,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : '';
    throw new SyncHttpError(res.status, 'bad_response', `unexpected answer from ${new URL(url).pathname}${where}`);
  }
  return parsed.data;
}

export class ServerApi {
  constructor(readonly baseUrl: string) {}

  private url(path: string): string {
    return new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`).toString();
  }

  login(input: {
    email: string;
    password: string;
    device: DeviceIdentity;
    workspace_id?: string;
    invitation_code?: string;
    new_password?: string;
  }): Promise<LoginAnswer> {
    return request(
      this.url('v1/auth/login'),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) },
      loginAnswer,
    );
  }

  logout(token: string): Promise<unknown> {
    return request(this.url('v1/auth/logout'), { method: 'POST', headers: { authorization: `Bearer ${token}` } }, z.unknown());
  }

  /** The signed-in device renames itself in the server's device list. */
  renameDevice(token: string, name: string, signal?: AbortSignal): Promise<{ device: { id: string; name: string } }> {
    return request(
      this.url('v1/me/device'),
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name }),
      },
      z.object({ device: z.object({ id: z.string(), name: z.string() }) }),
      signal,
    );
  }

  me(token: string, signal?: AbortSignal): Promise<SessionInfo> {
    return request(this.url('v1/me'), { headers: { authorization: `Bearer ${token}` } }, sessionInfo, signal);
  }

  pushMutations(token: string, mutations: ClientMutation[], signal?: AbortSignal): Promise<MutationResponse> {
    return request(
      this.url('v1/mutations'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ mutations }),
      },
      mutationResponse,
      signal,
    );
  }

  /**
   * How many rows each table's shape holds for this session (GET /v1/sync-plan),
   * or null from a server that has no such route (404): progress then counts tables.
   */
  async syncPlan(token: string, signal?: AbortSignal): Promise<SyncPlan | null> {
    try {
      return await request(this.url('v1/sync-plan'), this.authed(token), syncPlan, signal);
    } catch (err) {
      if (err instanceof SyncHttpError && err.status === 404) return null;
      throw err;
    }
  }

  /** One page of a record's history, newest first (GET /v1/history/:table/:id); the server applies RLS. */
  history(
    token: string,
    table: string,
    id: string,
    opts: { limit?: number; before?: string } = {},
    signal?: AbortSignal,
  ): Promise<HistoryPage> {
    const query = new URLSearchParams();
    if (opts.limit !== undefined) query.set('limit', String(opts.limit));
    if (opts.before) query.set('before', opts.before);
    const qs = query.size ? `?${query}` : '';
    const url = this.url(`v1/history/${encodeURIComponent(table)}/${encodeURIComponent(id)}${qs}`);
    return request(url, this.authed(token), historyPage, signal);
  }

  // Admin routes: the caller's token decides the workspace; a 403 means the caller is not an owner or admin.

  async members(token: string, opts: { include_removed?: boolean } = {}): Promise<AdminMember[]> {
    const query = opts.include_removed ? '?include_removed=true' : '';
    return (await request(this.url(`v1/admin/members${query}`), this.authed(token), membersAnswer)).members;
  }

  async addMember(token: string, input: { email: string; role: MemberRole; display_name?: string }): Promise<AddedMember> {
    return request(this.url('v1/admin/members'), this.authed(token, 'POST', input), addedMemberAnswer);
  }

  async setMemberRole(token: string, userId: string, role: MemberRole): Promise<AdminMember> {
    const url = this.url(`v1/admin/members/${encodeURIComponent(userId)}`);
    return (await request(url, this.authed(token, 'PATCH', { role }), memberAnswer)).member;
  }

  async removeMember(token: string, userId: string): Promise<AdminMember> {
    const url = this.url(`v1/admin/members/${encodeURIComponent(userId)}/deactivate`);
    return (await request(url, this.authed(token, 'POST'), memberAnswer)).member;
  }

  async devices(token: string): Promise<AdminDevice[]> {
    return (await request(this.url('v1/admin/devices'), this.authed(token), devicesAnswer)).devices;
  }

  /** `wipe` is "revoke and wipe": the device also deletes this account's data at its next contact. */
  async deviceAction(token: string, deviceId: string, action: 'revoke' | 'resync' | 'wipe'): Promise<AdminDevice> {
    const url = this.url(`v1/admin/devices/${encodeURIComponent(deviceId)}/${action}`);
    return (await request(url, this.authed(token, 'POST'), deviceAnswer)).device;
  }

  /** A page of refused changes, newest first, and `next`: the filter of the page after it (null on the last). */
  async rejectedMutations(token: string, filter: RejectedFilter = {}): Promise<RejectedPage> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) query.set(k, String(v));
    const qs = query.size ? `?${query}` : '';
    const answer = await request(this.url(`v1/admin/rejected-mutations${qs}`), this.authed(token), rejectedAnswer);
    return { rejected: answer.rejected, next: answer.next ?? null };
  }

  syncHealth(token: string): Promise<SyncHealth> {
    return request(this.url('v1/admin/sync-health'), this.authed(token), syncHealth);
  }

  private authed(token: string, method = 'GET', body?: unknown): RequestInit {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
  }

  shapeUrl(): string {
    return this.url('v1/shape');
  }
}
