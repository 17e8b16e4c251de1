/**
 * What the core tells the UI without being asked: which tables changed (so live
 * queries re-run) and the sync status. Every transport forwards these as is.
 */
import { z } from 'zod';

export const coreEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changed'), tables: z.array(z.string()) }),
  z.object({ type: z.literal('sync'), status: z.record(z.string(), z.unknown()) }),
]);
export type CoreEvent = z.infer<typeof coreEvent>;

export type EventListener = (event: CoreEvent) => void;
/** Subscribes a listener; returns the unsubscribe function. */
export type EventSubscribe = (listener: EventListener) => () => void;
