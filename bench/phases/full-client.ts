/** Starting and signing in one headless full client (a child process) for the phases. */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { signInResult } from '../client/full-client.ts';
import type { BenchContext } from '../context.ts';
import { BenchChild } from '../ipc.ts';
import { cpuProfArgs } from '../options.ts';

export interface FullClient {
  child: BenchChild;
  sync: z.infer<typeof signInResult>;
}

export interface FullClientOptions {
  /** Where the client syncs from (default the bench's server; the shaped-link phase gives its proxy). */
  serverUrl?: string;
  acceptEncoding?: 'identity';
}

export async function startFullClient(b: BenchContext, name: string, email: string, o: FullClientOptions = {}): Promise<FullClient> {
  const child = BenchChild.start(name, undefined, cpuProfArgs(b.options, 'client'));
  const dataDir = await mkdtemp(path.join(b.tmp, `${name}-`));
  try {
    const sync = await child.request('sign_in', {
      data_dir: dataDir,
      server_url: o.serverUrl ?? b.server.url,
      email,
      password: b.password,
      ...(o.acceptEncoding ? { accept_encoding: o.acceptEncoding } : {}),
    }, signInResult);
    return { child, sync };
  } catch (err) {
    await child.stop();
    throw err;
  }
}
