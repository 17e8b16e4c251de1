/**
 * A loopback TCP proxy in front of the sync server that behaves like a field
 * rep's line (bench/link/paced-pipe.ts, each direction paced on its own):
 * a client pointed at it sees the rate and the round trip, and the proxy
 * counts the bytes each way, on the wire (compressed if the answer was).
 */
import { createServer, connect, type Socket } from 'node:net';
import { Line, PacedPipe, type LinkShape } from './paced-pipe.ts';

export interface ShapedProxy {
  url: string;
  /** Bytes delivered so far, summed over connections: server -> client, client -> server. */
  bytes(): { down: number; up: number };
  close(): Promise<void>;
}

export async function startShapedProxy(targetUrl: string, shape: LinkShape): Promise<ShapedProxy> {
  const target = new URL(targetUrl);
  const pipes: PacedPipe[] = [];
  // One line each way, shared by every connection (per-direction rate, not per connection).
  const upLine = new Line(shape);
  const downLine = new Line(shape);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true); // the delay is ours to add; Nagle would add its own
      s.on('close', () => sockets.delete(s));
      // One side failing ends the connection, as a broken line would.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const up = new PacedPipe(client, upstream, upLine);
    const down = new PacedPipe(upstream, client, downLine);
    pipes.push(up, down);
    // The server closing first leaves its last bytes on the line: they still arrive, then the end.
    client.on('close', () => {
      up.stop();
      down.stop();
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    bytes() {
      const counted = { down: 0, up: 0 };
      for (let i = 0; i < pipes.length; i += 2) {
        counted.up += pipes[i]!.bytes;
        counted.down += pipes[i + 1]!.bytes;
      }
      return counted;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
