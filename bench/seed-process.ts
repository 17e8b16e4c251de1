/**
 * Seeds the bench server's database with `npm run seed` (its CLI, in a child
 * process: the seed's memory is not the bench's) and reads its JSON answer.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './options.ts';

export const seedAnswer = z.object({
  workspaces: z.array(z.object({ id: z.uuid(), name: z.string() })).min(1),
  users: z.array(z.object({ email: z.string(), role: z.string(), workspace_id: z.uuid(), password: z.string() })),
  counts: z.record(z.string(), z.number()),
  elapsed_ms: z.number(),
});
export type SeedAnswer = z.infer<typeof seedAnswer>;

export async function seedDatabase(adminUrl: string, interactions: number, log: (line: string) => void): Promise<SeedAnswer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server-migrations/seed/cli.ts'), '--interactions', String(interactions), '--seed', 'bench', '--json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: adminUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const line of c.toString().trimEnd().split('\n')) log(`[seed] ${line}`);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the seed failed (exit ${code}):\n${stderr.slice(-3000)}`);
  return seedAnswer.parse(JSON.parse(stdout));
}
