/**
 * Reference checks made before a write, against the local replica: the
 * referenced record exists in this workspace and is live, and is of the kind
 * the server's triggers demand (a product's principal is a principal, an
 * opportunity's distributor a distributor, owners and account managers are
 * members). The server checks again; checking here gives the user a message
 * on the field at once instead of a rejected mutation minutes later.
 */
import type { TableName } from '../../../sync/schema/index.ts';
import { q, type MutableTableName } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import type { FieldIssue } from '../errors.ts';

type Kind = 'row' | 'principal' | 'distributor' | 'member';
interface RefRule {
  table: TableName;
  kind: Kind;
  noun: string;
}

const org = (kind: Kind = 'row', noun = 'organization'): RefRule => ({
  table: 'organizations',
  kind,
  noun,
});
const member: RefRule = { table: 'workspace_members', kind: 'member', noun: 'workspace member' };

export const REFERENCES: Partial<Record<MutableTableName, Record<string, RefRule>>> = {
  organizations: { account_manager_id: member },
  contacts: { organization_id: org() },
  products: { principal_id: org('principal', 'principal') },
  opportunities: {
    organization_id: org(),
    primary_contact_id: { table: 'contacts', kind: 'row', noun: 'contact' },
    distributor_id: org('distributor', 'distributor'),
    owner_id: member,
  },
  opportunity_products: {
    opportunity_id: { table: 'opportunities', kind: 'row', noun: 'opportunity' },
    product_id: { table: 'products', kind: 'row', noun: 'product' },
  },
  interactions: {
    contact_id: { table: 'contacts', kind: 'row', noun: 'contact' },
    opportunity_id: { table: 'opportunities', kind: 'row', noun: 'opportunity' },
    organization_id: org(),
    follow_up_assignee_id: member,
  },
  interaction_principals: {
    interaction_id: { table: 'interactions', kind: 'row', noun: 'interaction' },
    principal_id: org('principal', 'principal'),
  },
};

/** Issues with the references among `fields` of a candidate row (only the ones being set are checked). */
export function referenceIssues(
  ctx: CoreContext,
  table: MutableTableName,
  values: Record<string, unknown>,
  fields: Iterable<string>,
): FieldIssue[] {
  const rules = REFERENCES[table] ?? {};
  const issues: FieldIssue[] = [];
  const r = ctx.replica;
  for (const field of fields) {
    const rule = rules[field];
    const id = values[field];
    if (!rule || id === null || id === undefined) continue;
    if (rule.kind === 'member') {
      const m = r
        .stmt(
          'SELECT 1 FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL',
        )
        .get(ctx.workspaceId, id);
      if (!m) issues.push({ field, message: `must be a member of this workspace` });
      continue;
    }
    const extra = rule.table === 'organizations' ? ', is_principal, is_distributor' : '';
    const row = r
      .stmt(`SELECT deleted_at${extra} FROM ${q(rule.table)} WHERE id = ? AND workspace_id = ?`)
      .get(id, ctx.workspaceId) as
      { deleted_at: string | null; is_principal?: number; is_distributor?: number } | undefined;
    if (!row) issues.push({ field, message: `no ${rule.noun} with this id in this workspace` });
    else if (row.deleted_at) issues.push({ field, message: `the ${rule.noun} is deleted` });
    else if (rule.kind === 'principal' && !row.is_principal) {
      issues.push({ field, message: 'must be an organization marked as principal' });
    } else if (rule.kind === 'distributor' && !row.is_distributor) {
      issues.push({ field, message: 'must be an organization marked as distributor' });
    }
  }
  return issues;
}
