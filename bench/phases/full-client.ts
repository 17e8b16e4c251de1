/** Starting and signing in one headless full client (a child process) for the phases. */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { signInResult } from '../client/full-client.ts';
import type { BenchContext } from '../context.ts';
import { BenchChild } from '../ipc.ts';

export interface FullClient {
  child: BenchChild;
  sync: z.infer<typeof signInResult>;
}

export async function startFullClient(b: BenchContext, name: string, email: string): Promise<FullClient> {
  const child = BenchChild.start(name);
  const dataDir = await mkdtemp(path.join(b.tmp, `${name}-`));
  try {
    const sync = await child.request('sign_in', { data_dir: dataDir, server_url: b.server.url, email, password: b.password }, signInResult);
    return { child, sync };
  } catch (err) {
    await child.stop();
    throw err;
  }
}
