/**
 * Writes one workspace's rows in one transaction, fast: each statement inserts
 * a few thousand rows as `INSERT ... SELECT * FROM unnest($1::uuid[], ...)`,
 * one array parameter per column, so there is one round trip and one firing
 * of the statement-level triggers (audit, last_interaction_at,
 * opportunity_principals, derived interaction_principals) per chunk instead of per row. Triggers stay on: the
 * derived data is produced by the same code paths as in production.
 */
import type pg from 'pg';
import type { InteractionRow, Stamped, WorkspacePlan } from './model.ts';
import { SeedError } from './preflight.ts';
import {
  CONTACT_COLUMNS,
  countWorkspace,
  INTERACTION_COLUMNS,
  INTERACTION_PRINCIPAL_COLUMNS,
  MEMBER_COLUMNS,
  OPPORTUNITY_COLUMNS,
  OPPORTUNITY_PRODUCT_COLUMNS,
  ORGANIZATION_COLUMNS,
  PRODUCT_COLUMNS,
  type Column,
  type Counts,
} from './tables.ts';

export type { Counts } from './tables.ts';

/** Rows per statement: big enough to amortise trigger and round-trip costs, small enough to keep memory flat. */
export const CHUNK_ROWS = 5000;

async function insertRows<R>(
  client: pg.ClientBase,
  table: string,
  columns: Column<R>[],
  rows: R[],
): Promise<void> {
  const sql =
    `INSERT INTO public.${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    await client.query(
      sql,
      columns.map((c) => chunk.map((r) => r[c.name] ?? null)),
    );
  }
}

/** crm.user_id for the rest of the transaction: stamps created_by/updated_by and the audit actor. */
async function actAs(client: pg.ClientBase, userId: string): Promise<void> {
  await client.query(`SELECT set_config('crm.user_id', $1, true)`, [userId]);
}

/** Rows grouped by who creates them, keeping their order inside each group (it matters for locality). */
function byActor<R extends Stamped>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const g = groups.get(r.actor);
    if (g) g.push(r);
    else groups.set(r.actor, [r]);
  }
  return groups;
}

async function insertAsActors<R extends Stamped>(
  client: pg.ClientBase,
  table: string,
  columns: Column<R>[],
  rows: R[],
): Promise<void> {
  for (const [actor, group] of byActor(rows)) {
    await actAs(client, actor);
    await insertRows(client, table, columns, group);
  }
}

/** Rows in the first interactions statement, before ANALYZE (see insertInteractions). */
const PRIMER_ROWS = 1000;

/**
 * Interactions by author, each author's rows grouped by account (their
 * generation order within an account is already by deal). The
 * last_interaction_at trigger refreshes every account, contact and deal a
 * statement touched, and each refresh also fires that row's stamp and audit
 * triggers, so touching each record in one statement rather than many is most
 * of the speed.
 * A fresh table has no statistics, and then the planner answers the trigger's
 * max(interaction_date) per record by walking the workspace's whole date index
 * (quadratic); so a small first statement, then ANALYZE (it counts this
 * transaction's own rows), then the rest.
 */
async function insertInteractions(client: pg.ClientBase, rows: InteractionRow[]): Promise<void> {
  let primed = false;
  for (const [actor, group] of byActor(rows)) {
    group.sort((a, b) => a.locality - b.locality);
    await actAs(client, actor);
    let rest = group;
    if (!primed) {
      await insertRows(client, 'interactions', INTERACTION_COLUMNS, group.slice(0, PRIMER_ROWS));
      await client.query('ANALYZE public.interactions');
      rest = group.slice(PRIMER_ROWS);
      primed = true;
    }
    await insertRows(client, 'interactions', INTERACTION_COLUMNS, rest);
  }
}

/** Soft deletes are UPDATEs after the insert, so the audit trail shows them as soft deletes by a member. */
async function softDelete<R extends Stamped & { id: string }>(
  client: pg.ClientBase,
  table: string,
  rows: R[],
): Promise<void> {
  const trashed = rows.filter((r) => r.deleted_at !== null);
  for (const [actor, group] of byActor(trashed)) {
    await actAs(client, actor);
    await client.query(
      `UPDATE public.${table} t SET deleted_at = d.deleted_at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, deleted_at) WHERE t.id = d.id`,
      [group.map((r) => r.id), group.map((r) => r.deleted_at)],
    );
  }
}

/**
 * The workspace, its team and its CRM data, all or nothing. `passwordHash` is
 * one scrypt hash shared by the demo users (see seed.ts for why).
 */
export async function writeWorkspace(
  client: pg.ClientBase,
  plan: WorkspacePlan,
  passwordHash: string,
  log: (line: string) => void,
): Promise<Counts> {
  const { workspace, users } = plan;
  await client.query('BEGIN');
  try {
    // Users and the workspace come first with no crm.user_id: with one set, the
    // workspace trigger would add its creator as owner under a random member id.
    await client.query(
      `INSERT INTO public.users (id, email, display_name, created_by, updated_by)
       SELECT u.id, u.email, u.display_name, $4, $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, email, display_name)`,
      [
        users.map((u) => u.id),
        users.map((u) => u.email),
        users.map((u) => u.display_name),
        workspace.owner_id,
      ],
    );
    await client.query(
      `INSERT INTO public.user_credentials (user_id, password_hash) SELECT unnest($1::uuid[]), $2`,
      [users.map((u) => u.id), passwordHash],
    );
    await client.query(
      `INSERT INTO public.workspaces (id, name, created_by, updated_by) VALUES ($1, $2, $3, $3)`,
      [workspace.id, workspace.name, workspace.owner_id],
    );
    await actAs(client, workspace.owner_id);
    await insertRows(client, 'workspace_members', MEMBER_COLUMNS, plan.members);

    const steps: [string, () => Promise<void>][] = [
      [
        'organizations',
        () => insertAsActors(client, 'organizations', ORGANIZATION_COLUMNS, plan.organizations),
      ],
      ['contacts', () => insertAsActors(client, 'contacts', CONTACT_COLUMNS, plan.contacts)],
      ['products', () => insertAsActors(client, 'products', PRODUCT_COLUMNS, plan.products)],
      [
        'opportunities',
        () => insertAsActors(client, 'opportunities', OPPORTUNITY_COLUMNS, plan.opportunities),
      ],
      [
        'opportunity_products',
        () =>
          insertAsActors(
            client,
            'opportunity_products',
            OPPORTUNITY_PRODUCT_COLUMNS,
            plan.opportunityProducts,
          ),
      ],
      [
        'statistics',
        async () => {
          // The lookups the interaction triggers make need real row counts to pick their indexes.
          // (ANALYZE holds its lock until COMMIT: a second seed into the same database waits.)
          await client.query('ANALYZE public.organizations, public.contacts, public.opportunities');
        },
      ],
      ['interactions', () => insertInteractions(client, plan.interactions)],
      [
        'chosen principals',
        () =>
          insertAsActors(
            client,
            'interaction_principals',
            INTERACTION_PRINCIPAL_COLUMNS,
            plan.interactionPrincipals,
          ),
      ],
      [
        'soft deletes',
        async () => {
          // Children before parents, the order a user would empty things into the trash.
          await softDelete(client, 'interactions', plan.interactions);
          await softDelete(client, 'opportunities', plan.opportunities);
          await softDelete(client, 'contacts', plan.contacts);
          await softDelete(client, 'products', plan.products);
          await softDelete(client, 'organizations', plan.organizations);
        },
      ],
    ];
    for (const [label, step] of steps) {
      const started = performance.now();
      await step();
      log(`  ws${plan.index} ${label}: ${((performance.now() - started) / 1000).toFixed(2)}s`);
    }
    const counts = await countWorkspace(client, workspace.id);
    await client.query('COMMIT');
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((err as { code?: string }).code === '23505') {
      throw new SeedError(
        `ws${plan.index} collides with rows already in the database (${(err as Error).message}). ` +
          'The seed needs a freshly migrated database.',
      );
    }
    throw err;
  }
}
