/**
 * What the core tells the UI without being asked. The event type is the
 * channel contract's (main/ipc/contract/events.ts); every transport forwards
 * these as is.
 */
import type { CoreEvent } from './contract/index.ts';

export { coreEvent, type CoreEvent } from './contract/index.ts';

export type EventListener = (event: CoreEvent) => void;
/** Subscribes a listener; returns the unsubscribe function. */
export type EventSubscribe = (listener: EventListener) => () => void;
