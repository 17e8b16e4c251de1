/**
 * The sync server's HTTP API as the desktop client uses it: sign-in, sign-out
 * and the mutation endpoint. Every answer is validated with zod; failures
 * become a SyncHttpError with the server's stable code, or `network` when the
 * server could not be reached (the client is offline, not broken).
 */
import { z } from 'zod';
import { httpError, mutationResponse, type ClientMutation, type MutationResponse } from '../../schema/index.ts';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
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
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new SyncHttpError(res.status, 'bad_response', `unexpected answer from ${new URL(url).pathname}`);
  return parsed.data;
}

export class ServerApi {
  constructor(readonly baseUrl: string) {}

  private url(path: string): string {
    return new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`).toString();
  }

  login(input: { email: string; password: string; device: DeviceIdentity; workspace_id?: string }): Promise<LoginAnswer> {
    return request(
      this.url('v1/auth/login'),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) },
      loginAnswer,
    );
  }

  logout(token: string): Promise<unknown> {
    return request(this.url('v1/auth/logout'), { method: 'POST', headers: { authorization: `Bearer ${token}` } }, z.unknown());
  }

  me(token: string): Promise<SessionInfo> {
    return request(this.url('v1/me'), { headers: { authorization: `Bearer ${token}` } }, sessionInfo);
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

  shapeUrl(): string {
    return this.url('v1/shape');
  }
}
