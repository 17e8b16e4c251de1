/**
 * An HTTP proxy on loopback in front of the sync server that holds back the
 * requests a spec names until it lets them go, and passes everything else
 * through as it comes (streamed both ways, long polls included). A spec holds
 * one big table's first shape request so the first download stays in progress
 * for as long as it needs to look at the app mid-download, whatever the
 * machine's speed.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Requests held so far (the spec waits for one before it looks). */
  heldCount(): number;
  /** Lets every held request through, and all later ones at once. */
  release(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'host']);

export async function startHoldingProxy(target: string, hold: (url: URL) => boolean): Promise<HoldingProxy> {
  const to = new URL(target);
  const waiting: Array<() => void> = [];
  let held = 0;
  let released = false;
  const sockets = new Set<Socket>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    const upstream = http.request(
      { host: to.hostname, port: Number(to.port), method: req.method, path: req.url, headers },
      (answer) => {
        const back: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) back[k] = v;
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.local');
    if (!released && hold(url)) {
      held++;
      waiting.push(() => forward(req, res));
      return;
    }
    forward(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heldCount: () => held,
    release() {
      released = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
