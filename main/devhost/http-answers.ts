/**
 * How the dev host answers over HTTP. Every refusal, from the transport or from
 * a channel, is the same envelope the renderer already reads for channel
 * failures, `{ ok: false, error: { code, message, field? } }`, so a client never
 * has to guess which layer said no; `field` names the header, path part or body
 * that was refused.
 */
import type { ServerResponse } from 'node:http';

export interface TransportError {
  code: string;
  message: string;
  field?: string;
}

/** A request the dev host refuses before any channel runs, with its HTTP status. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: TransportError,
  ) {
    super(error.message);
    this.name = 'Refusal';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // The client may have gone already: there is nobody left to answer.
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, { ok: false, error: refusal.error });
}
