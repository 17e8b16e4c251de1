/**
 * What the core tells the UI without being asked: which tables changed (so live
 * queries re-run; `*` means everything) and the sync status. Every transport
 * forwards these as is.
 */
import { z } from 'zod';
import { syncStatus } from './sync-status.ts';

export const coreEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changed'), tables: z.array(z.string()) }),
  z.object({ type: z.literal('sync'), status: syncStatus }),
]);
export type CoreEvent = z.infer<typeof coreEvent>;
