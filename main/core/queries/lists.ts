/**
 * The record lists: filters, a choice of sort, keyset pages, and the labels a
 * list row shows (organization name of a contact, ...). `q` filters by full-text
 * search; `deleted` shows the trash ('deleted') or everything ('all'). Each
 * list's input (filters, sort names, defaults) is the channel contract's; here
 * is what they mean in SQL.
 */
import type { z } from 'zod';
import { CLOSED_STAGES } from '../../../sync/schema/index.ts';
import {
  NO_TIMESTAMP,
  storedTimestamp,
  toFtsQuery,
  type ChangedTable,
} from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery, type QueryDef } from './define.ts';
import { readPage, searchCondition, type LabelSpec, type Page } from './paging.ts';
import { addScope, type Scope } from './scope.ts';
import {
  contactListInput,
  interactionListInput,
  opportunityListInput,
  organizationListInput,
  productListInput,
} from '../../ipc/contract/index.ts';

const orgName = (column: string, as: string): LabelSpec => ({
  column,
  table: 'organizations',
  expr: 'name',
  as,
});
const userName = (column: string, as: string): LabelSpec => ({
  column,
  table: 'users',
  expr: 'display_name',
  as,
});
const contactName = (column: string, as: string): LabelSpec => ({
  column,
  table: 'contacts',
  expr: `trim(concat_ws(' ', first_name, last_name))`,
  as,
});

type ListTable = 'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';

/** A list's input (the contract's): its sort names, filters and defaults. */
type ListInput = z.ZodType<{ sort: string; limit: number; deleted: string }>;

interface ListSpec<I extends ListInput> {
  table: ListTable;
  input: I;
  /** SQL sort expressions for each sort name the contract's input allows. */
  sorts: Record<z.output<I>['sort'], string[]>;
  defaultDir: 'asc' | 'desc';
  /** Adds conditions (over alias t) for the table's own filters. */
  where(
    p: Record<string, unknown>,
    where: string[],
    params: Record<string, unknown>,
    ctx: CoreContext,
  ): void;
  labels?: LabelSpec[];
  /** Tables read beyond the listed one (labels, filters), for live queries. */
  reads: ChangedTable[];
}

function eq(
  p: Record<string, unknown>,
  where: string[],
  params: Record<string, unknown>,
  ...cols: string[]
) {
  for (const c of cols) {
    if (p[c] === undefined) continue;
    if (p[c] === null) where.push(`t.${c} IS NULL`);
    else {
      where.push(`t.${c} = @${c}`);
      params[c] = typeof p[c] === 'boolean' ? (p[c] ? 1 : 0) : p[c];
    }
  }
}

function makeList<I extends ListInput>(spec: ListSpec<I>) {
  const input = spec.input;
  const run = (ctx: CoreContext, raw: z.input<I> = {} as z.input<I>): Page => {
    const p = input.parse(raw) as Record<string, unknown> & {
      sort: z.output<I>['sort'];
      dir?: 'asc' | 'desc';
      limit: number;
      cursor?: string;
      q?: string;
      deleted: string;
    };
    const where = ['t.workspace_id = @ws'];
    const params: Record<string, unknown> = { ws: ctx.workspaceId };
    if (p.deleted === 'live') where.push('t.deleted_at IS NULL');
    if (p.deleted === 'deleted') where.push('t.deleted_at IS NOT NULL');
    const fts = p.q ? toFtsQuery(p.q, [spec.table]) : null;
    if (fts) {
      where.push(searchCondition(spec.table));
      params.fts = fts;
    }
    spec.where(p, where, params, ctx);
    return readPage(ctx, {
      table: spec.table,
      where,
      params,
      sort: spec.sorts[p.sort]!,
      dir: p.dir ?? spec.defaultDir,
      limit: p.limit,
      ...(p.cursor ? { cursor: p.cursor } : {}),
      ...(spec.labels ? { labels: spec.labels } : {}),
    });
  };
  const query: QueryDef<I, Page> = defineQuery({
    name: `${spec.table}.list`,
    tables: [spec.table, ...spec.reads],
    input,
    run,
  });
  return { input, run, query };
}

export const organizationList = makeList({
  table: 'organizations',
  input: organizationListInput,
  sorts: {
    name: ['t.name COLLATE NOCASE'],
    updated_at: ['t.updated_at'],
    created_at: ['t.created_at'],
    last_interaction_at: [`coalesce(t.last_interaction_at, ${NO_TIMESTAMP})`],
  },
  defaultDir: 'asc',
  where: (p, w, a) =>
    eq(p, w, a, 'is_principal', 'is_distributor', 'is_customer', 'segment', 'account_manager_id'),
  labels: [userName('account_manager_id', 'account_manager_name')],
  reads: ['users'],
});

export const contactList = makeList({
  table: 'contacts',
  input: contactListInput,
  sorts: {
    name: [`coalesce(t.last_name, '') COLLATE NOCASE`, `coalesce(t.first_name, '') COLLATE NOCASE`],
    updated_at: ['t.updated_at'],
    last_interaction_at: [`coalesce(t.last_interaction_at, ${NO_TIMESTAMP})`],
  },
  defaultDir: 'asc',
  where: (p, w, a) => eq(p, w, a, 'organization_id', 'advocacy_status', 'is_key_contact'),
  labels: [orgName('organization_id', 'organization_name')],
  reads: ['organizations'],
});

export const productList = makeList({
  table: 'products',
  input: productListInput,
  sorts: {
    name: ['t.name COLLATE NOCASE'],
    updated_at: ['t.updated_at'],
    category: [`coalesce(t.category, '')`, 't.name COLLATE NOCASE'],
  },
  defaultDir: 'asc',
  where: (p, w, a) => eq(p, w, a, 'principal_id', 'category'),
  labels: [orgName('principal_id', 'principal_name')],
  reads: ['organizations'],
});

export const opportunityList = makeList({
  table: 'opportunities',
  input: opportunityListInput,
  sorts: {
    name: ['t.name COLLATE NOCASE'],
    updated_at: ['t.updated_at'],
    stage_changed_at: ['t.stage_changed_at'],
    last_interaction_at: [`coalesce(t.last_interaction_at, ${NO_TIMESTAMP})`],
  },
  defaultDir: 'desc',
  where(p, w, a, ctx) {
    eq(p, w, a, 'organization_id', 'distributor_id', 'owner_id');
    addScope(ctx, p.scope as Scope | undefined, 't.owner_id', w, a);
    const stages = p.stage as string[] | undefined;
    if (stages?.length)
      w.push(`t.stage IN (${stages.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')})`);
    if (p.open_only) w.push(`t.stage NOT IN (${CLOSED_STAGES.map((s) => `'${s}'`).join(', ')})`);
    if (p.principal_id) {
      w.push(`EXISTS (SELECT 1 FROM opportunity_products op JOIN products pr ON pr.id = op.product_id
              WHERE op.opportunity_id = t.id AND op.deleted_at IS NULL AND pr.principal_id = @principal_id)`);
      a.principal_id = p.principal_id;
    }
  },
  labels: [
    orgName('organization_id', 'organization_name'),
    contactName('primary_contact_id', 'primary_contact_name'),
    userName('owner_id', 'owner_name'),
  ],
  reads: ['organizations', 'contacts', 'users', 'opportunity_products', 'products'],
});

export const interactionList = makeList({
  table: 'interactions',
  input: interactionListInput,
  sorts: { interaction_date: ['t.interaction_date'] },
  defaultDir: 'desc',
  where(p, w, a, ctx) {
    eq(p, w, a, 'interaction_type', 'contact_id', 'opportunity_id', 'organization_id');
    if (p.from) {
      w.push('t.interaction_date >= @from');
      a.from = storedTimestamp(p.from as string);
    }
    if (p.before) {
      w.push('t.interaction_date < @before');
      a.before = storedTimestamp(p.before as string);
    }
    if (p.follow_up === 'open') w.push('t.follow_up_required = 1 AND t.follow_up_done_at IS NULL');
    if (p.follow_up === 'done') w.push('t.follow_up_done_at IS NOT NULL');
    if (p.follow_up === 'none') w.push('t.follow_up_required = 0');
    // Mine: what I logged (created_by is the server's stamp; a local insert is mine until then).
    addScope(ctx, p.scope as Scope | undefined, 'coalesce(t.created_by, @me)', w, a);
  },
  labels: [
    contactName('contact_id', 'contact_name'),
    orgName('organization_id', 'organization_name'),
    { column: 'opportunity_id', table: 'opportunities', expr: 'name', as: 'opportunity_name' },
  ],
  reads: ['contacts', 'organizations', 'opportunities'],
});
