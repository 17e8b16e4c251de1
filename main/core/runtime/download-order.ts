/**
 * The order in which a first download fetches the replicated tables (the sync
 * client downloads a few at a time: SyncClientOptions.downloadsAtOnce).
 *
 * The dashboard is the first screen after sign-in, so the tables its queries
 * read come first and the tables it does not read (users, memberships,
 * opportunity principals) last. Among the dashboard's tables the largest,
 * interactions, starts first: the smaller ones download beside it instead of
 * after it, so the dashboard is complete when interactions is.
 */
import { TABLE_NAMES, type TableName } from '../../../sync/schema/index.ts';
import { principalDashboardQuery } from '../queries/dashboard.ts';
import { followUpCountsQuery } from '../queries/follow-ups.ts';
import { pipelineQuery } from '../queries/pipeline.ts';

const DASHBOARD_QUERIES = [principalDashboardQuery, pipelineQuery, followUpCountsQuery];

/** Replicated tables read by the dashboard's queries (as each query declares them). */
export const DASHBOARD_TABLES: readonly TableName[] = TABLE_NAMES.filter((t) =>
  DASHBOARD_QUERIES.some((q) => (q.tables as readonly string[]).includes(t)),
);

const LARGEST_FIRST: readonly TableName[] = ['interactions'];

export const DOWNLOAD_ORDER: readonly TableName[] = [
  ...LARGEST_FIRST,
  ...DASHBOARD_TABLES.filter((t) => !LARGEST_FIRST.includes(t)),
  ...TABLE_NAMES.filter((t) => !DASHBOARD_TABLES.includes(t)),
];
