/**
 * What GET /v1/sync-plan answers: how many rows each replicated table's shape
 * holds for the caller right now, counted with the very where clause the shape
 * route serves (sync/server/shape-route/sync-plan.route.ts). The desktop uses
 * it as the denominator of its first download's progress. Unknown table names
 * are tolerated (a newer server may replicate more tables); counts are whole
 * numbers, never negative.
 */
import { z } from 'zod';

export const syncPlan = z.object({
  tables: z.record(z.string().min(1).max(63), z.number().int().nonnegative()),
});
export type SyncPlan = z.infer<typeof syncPlan>;
