/**
 * The channel contract between the UI and the desktop core, defined once:
 * every channel's input and output schema, the rows they carry, the sync
 * status, core events and channel errors. It imports only zod and sync/schema,
 * so the renderer may import it (types, and schemas for its forms) without
 * pulling in the core, SQLite or Node.
 */
export * from './channel-map.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './sync-status.ts';
export * from './rows.ts';
export * from './results.ts';
export * from './session.ts';
export * from './admin.ts';
export * from './history.ts';
export * from './close-reasons.ts';
export * from './principal-links.ts';
export * from './inputs/vocabulary.ts';
export * from './inputs/record-inputs.ts';
export * from './inputs/query-inputs.ts';
export { nothing } from './nothing.ts';
