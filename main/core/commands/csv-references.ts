/**
 * Records a CSV names instead of giving their ids: a contact's organization, an
 * opportunity's customer, distributor and primary contact, an interaction's
 * organization, contact and opportunity, an organization's account manager.
 * The import turns each name into the id (one live record by that name, case
 * aside) or a row issue on that column; the export writes the names back.
 */
import { textParam } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import type { CsvTable } from './csv-tables.ts';

export interface Reference {
  /** The id column the name stands for. */
  field: string;
  /** What a name means in SQL over alias `r`, and where it is looked up. */
  from: 'organizations' | 'contacts' | 'opportunities' | 'users';
  noun: string;
}

const org = (field: string, noun = 'organization'): Reference => ({
  field,
  from: 'organizations',
  noun,
});

/** Per table: the name column a file may carry, and what it refers to. */
export const REFERENCES: Record<CsvTable, Record<string, Reference>> = {
  organizations: {
    account_manager_name: { field: 'account_manager_id', from: 'users', noun: 'member' },
  },
  contacts: { organization_name: org('organization_id') },
  opportunities: {
    organization_name: org('organization_id', 'customer'),
    distributor_name: org('distributor_id', 'distributor'),
    primary_contact_name: { field: 'primary_contact_id', from: 'contacts', noun: 'contact' },
    owner_name: { field: 'owner_id', from: 'users', noun: 'member' },
  },
  interactions: {
    organization_name: org('organization_id'),
    contact_name: { field: 'contact_id', from: 'contacts', noun: 'contact' },
    opportunity_name: { field: 'opportunity_id', from: 'opportunities', noun: 'opportunity' },
    follow_up_assignee_name: { field: 'follow_up_assignee_id', from: 'users', noun: 'member' },
  },
};

/** The display name of a record of each kind, over alias `r`. */
export const NAME_EXPR: Record<Reference['from'], string> = {
  organizations: 'r.name',
  contacts: `trim(concat_ws(' ', r.first_name, r.last_name))`,
  opportunities: 'r.name',
  users: 'r.display_name',
};

function candidates(ctx: CoreContext, ref: Reference, name: string): string[] {
  const sql =
    ref.from === 'users'
      ? `SELECT r.id FROM users r JOIN workspace_members m ON m.user_id = r.id
         WHERE m.workspace_id = ? AND m.deleted_at IS NULL
           AND (${NAME_EXPR.users} = ? COLLATE NOCASE OR r.email = ? COLLATE NOCASE) LIMIT 2`
      : `SELECT r.id FROM ${ref.from} r WHERE r.workspace_id = ? AND r.deleted_at IS NULL
           AND ${NAME_EXPR[ref.from]} = ? COLLATE NOCASE LIMIT 2`;
  // A name is text even when it looks like a uuid (uuid-blob.ts textParam).
  const text = textParam(name);
  const params = ref.from === 'users' ? [ctx.workspaceId, text, text] : [ctx.workspaceId, text];
  return (ctx.replica.stmt(sql).all(...params) as { id: string }[]).map((r) => r.id);
}

/** The id a name stands for, or why it does not stand for one. */
export function resolveReference(
  ctx: CoreContext,
  ref: Reference,
  name: string,
): { id: string } | { issue: string } {
  const ids = candidates(ctx, ref, name.trim());
  if (ids.length === 1) return { id: ids[0]! };
  return {
    issue:
      ids.length === 0
        ? `no ${ref.noun} named "${name}"`
        : `several ${ref.noun}s are named "${name}"; give ${ref.field} instead`,
  };
}
