/**
 * The WebSocket the renderer listens on (/api/events). Browsers cannot add the
 * API header to a WebSocket, so the Host and Origin checks are the whole gate
 * here. Whatever arrives (no Host, `Origin: null`, an odd Upgrade, a socket
 * that resets mid-handshake, garbage frames), the answer is a refusal on that
 * one socket, never an exception that takes the process down.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventSubscribe } from '../ipc/events.ts';
import { Refusal } from './http-answers.ts';
import { checkHostAndOrigin } from './request-guard.ts';
import { requestPath } from './request-path.ts';

export const EVENTS_PATH = '/api/events';

/** The renderer never sends anything on this socket: a small cap keeps a hostile client from buffering megabytes. */
const MAX_INCOMING_MESSAGE = 4 * 1024;

function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ ok: false, error: refusal.error });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Refused'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface EventSocketServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function eventSocketServer(subscribe: EventSubscribe, allowed: () => ReadonlySet<string>): EventSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_MESSAGE });
  return {
    handleUpgrade(req, socket, head) {
      // Node's HTTP server stops watching the socket once it hands it over: an
      // unwatched 'error' (a reset during the handshake) would be uncaught.
      socket.on('error', () => socket.destroy());
      try {
        const refusal =
          checkHostAndOrigin(req, allowed()) ??
          (requestPath(req.url) === EVENTS_PATH ? null : new Refusal(404, { code: 'not_found', message: `no WebSocket at ${requestPath(req.url).slice(0, 200)}`, field: 'path' }));
        if (refusal) return refuseUpgrade(socket, refusal);
        // ws answers a malformed handshake (no key, wrong version, not GET) with a 400 itself.
        wss.handleUpgrade(req, socket, head, (ws) => {
          const unsubscribe = subscribe((event) => ws.send(JSON.stringify(event)));
          ws.on('close', unsubscribe);
          // Protocol errors from the client (bad frames, oversized messages) end its socket only.
          ws.on('error', () => ws.terminate());
        });
      } catch (err) {
        if (err instanceof Refusal) return refuseUpgrade(socket, err);
        refuseUpgrade(socket, new Refusal(400, { code: 'bad_request', message: 'the WebSocket request could not be read' }));
      }
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
