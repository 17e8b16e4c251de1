/** The sync contract: replicated tables, columns, enums and their zod schemas. */
export * from './enums.ts';
export * from './columns.ts';
export * from './tables.ts';
export * from './validation.ts';
export * from './mutations.ts';
export * from './merge-rules.ts';
export * from './text-rules.ts';
export * from './time-rules.ts';
export * from './client-time-rules.ts';
export * from './xid-visibility.ts';
export * from './sync-plan.ts';
export * from './history.ts';
export * from './owner-rule.ts';
export * from './wire-codes.ts';
