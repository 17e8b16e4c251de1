/**
 * A record's page: the merged row, its changes not yet confirmed by the server
 * (and rejected ones), the interaction timeline and the related records a
 * detail screen lists. The server's audit history is not in the replica: the
 * page asks for it apart (records.history, main/core/runtime/history.ts).
 */
import type { z } from 'zod';
import type { OutboxEntry } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError } from '../errors.ts';
import { fromSqlRow, type Row } from '../rows.ts';
import { defineQuery } from './define.ts';
import { attachLabel, type LabelSpec } from './paging.ts';
import { RECORD_TABLES, recordDetailInput } from '../../ipc/contract/index.ts';

export { recordDetailInput };

export const DETAIL_TABLES = RECORD_TABLES;
export type DetailTable = (typeof DETAIL_TABLES)[number];

export interface RecordDetail {
  table: DetailTable;
  record: Row;
  /** Local changes on their way (pending, sent, applied awaiting the stream). */
  pending: OutboxEntry[];
  /** Changes the server refused, to retry or discard. */
  rejected: OutboxEntry[];
  /** Live interactions, newest first. */
  timeline: Row[];
  related: Record<string, Row[]>;
}

const TIMELINE: Record<DetailTable, string | null> = {
  organizations: 't.organization_id = @id',
  contacts: 't.contact_id = @id',
  opportunities: 't.opportunity_id = @id',
  products: `t.opportunity_id IN (SELECT op.opportunity_id FROM opportunity_products op WHERE op.product_id = @id AND op.deleted_at IS NULL)`,
  interactions: null,
};

const TIMELINE_LABELS: LabelSpec[] = [
  {
    column: 'contact_id',
    table: 'contacts',
    expr: `trim(concat_ws(' ', first_name, last_name))`,
    as: 'contact_name',
  },
  { column: 'organization_id', table: 'organizations', expr: 'name', as: 'organization_name' },
  { column: 'opportunity_id', table: 'opportunities', expr: 'name', as: 'opportunity_name' },
];

/** Who a record belongs to, by name: an opportunity's owner, an organization's account manager. */
const PEOPLE_LABELS: LabelSpec[] = [
  { column: 'owner_id', table: 'users', expr: 'display_name', as: 'owner_name' },
  {
    column: 'account_manager_id',
    table: 'users',
    expr: 'display_name',
    as: 'account_manager_name',
  },
];

/** Related lists per table: name -> [table, condition over alias t with @id]. */
const RELATED: Record<DetailTable, Record<string, [string, string, string]>> = {
  organizations: {
    contacts: [
      'contacts',
      't.organization_id = @id',
      `coalesce(t.last_name, '') COLLATE NOCASE, t.id`,
    ],
    opportunities: [
      'opportunities',
      '(t.organization_id = @id OR t.distributor_id = @id)',
      't.updated_at DESC',
    ],
    products: ['products', 't.principal_id = @id', 't.name COLLATE NOCASE'],
  },
  contacts: {
    opportunities: ['opportunities', 't.primary_contact_id = @id', 't.updated_at DESC'],
  },
  products: {
    opportunities: [
      'opportunities',
      't.id IN (SELECT op.opportunity_id FROM opportunity_products op WHERE op.product_id = @id AND op.deleted_at IS NULL)',
      't.updated_at DESC',
    ],
  },
  opportunities: {
    products: [
      'products',
      't.id IN (SELECT op.product_id FROM opportunity_products op WHERE op.opportunity_id = @id AND op.deleted_at IS NULL)',
      't.name COLLATE NOCASE',
    ],
    principals: [
      'organizations',
      `t.id IN (SELECT pr.principal_id FROM opportunity_products op JOIN products pr ON pr.id = op.product_id
                WHERE op.opportunity_id = @id AND op.deleted_at IS NULL)`,
      't.name COLLATE NOCASE',
    ],
  },
  interactions: {},
};

function rows(
  ctx: CoreContext,
  table: string,
  where: string,
  order: string,
  params: Record<string, unknown>,
  limit = 500,
): Row[] {
  return (
    ctx.replica
      .stmt(
        `SELECT t.* FROM ${table} t WHERE t.workspace_id = @ws AND t.deleted_at IS NULL AND ${where} ORDER BY ${order} LIMIT ${limit}`,
      )
      .all(params) as Record<string, string | number | null>[]
  ).map((r) => fromSqlRow(table as DetailTable, r));
}

export function recordDetail(
  ctx: CoreContext,
  input: z.input<typeof recordDetailInput>,
): RecordDetail {
  const p = recordDetailInput.parse(input);
  const raw = ctx.replica.getRow(p.table, p.id);
  if (!raw || raw.workspace_id !== ctx.workspaceId)
    throw new CommandError('not_found', `no ${p.table} record ${p.id}`);
  const params = { ws: ctx.workspaceId, id: p.id };
  const record = fromSqlRow(p.table, raw);
  for (const l of [...TIMELINE_LABELS, ...PEOPLE_LABELS])
    if (l.column in record) attachLabel(ctx, [record], l);
  if (p.table === 'products')
    attachLabel(ctx, [record], {
      column: 'principal_id',
      table: 'organizations',
      expr: 'name',
      as: 'principal_name',
    });

  const cond = TIMELINE[p.table];
  const timeline =
    cond && p.timeline_limit > 0
      ? rows(
          ctx,
          'interactions',
          cond,
          't.interaction_date DESC, t.id DESC',
          params,
          p.timeline_limit,
        )
      : [];
  for (const l of TIMELINE_LABELS) attachLabel(ctx, timeline, l);

  const related: Record<string, Row[]> = {};
  for (const [name, [table, where, order]] of Object.entries(RELATED[p.table]))
    related[name] = rows(ctx, table, where, order, params);

  const entries = ctx.replica.outbox.entries({ table: p.table, row_id: p.id });
  return {
    table: p.table,
    record,
    pending: entries.filter((e) => e.status !== 'rejected'),
    rejected: entries.filter((e) => e.status === 'rejected'),
    timeline,
    related,
  };
}

export const recordDetailQuery = defineQuery({
  name: 'records.detail',
  tables: [
    'organizations',
    'contacts',
    'products',
    'opportunities',
    'opportunity_products',
    'interactions',
    'users',
    'outbox',
  ],
  input: recordDetailInput,
  run: recordDetail,
});
