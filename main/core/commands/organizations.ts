/** Organizations: customers, principals (the manufacturers a broker represents) and distributors. */
import type { CoreContext } from '../context.ts';
import type { FieldIssue } from '../errors.ts';
import type { Row } from '../rows.ts';
import { recordCommands, type TableRules } from './crud.ts';
import {
  createOrganizationInput,
  idInput,
  updateOrganizationInput,
} from '../../ipc/contract/index.ts';

/** The input schemas are the channel contract's; re-exported for callers of the core. */
export { createOrganizationInput, updateOrganizationInput };

function countWhere(ctx: CoreContext, sql: string, id: unknown): number {
  return (ctx.replica.stmt(sql).get(id) as { n: number }).n;
}

export const organizationRules: TableRules = {
  table: 'organizations',
  noun: 'organization',
  defaults: () => ({ is_principal: false, is_distributor: false }),
  // A new organization with no kind given is a customer (what most records a rep adds are);
  // one given as principal or distributor is only that unless the customer box says so.
  derive(_ctx, row) {
    if (row.is_customer !== undefined && row.is_customer !== null) return {};
    return { is_customer: !(row.is_principal || row.is_distributor) };
  },
  // The server's keep_organization_kind_in_use trigger, checked early: an
  // organization keeps its kind while records rely on it (deleted ones too).
  check(ctx: CoreContext, row: Row, changed, before): FieldIssue[] {
    const issues: FieldIssue[] = [];
    if (before?.is_principal && changed.has('is_principal') && !row.is_principal) {
      const n = countWhere(
        ctx,
        'SELECT count(*) AS n FROM products WHERE principal_id = ?',
        row.id,
      );
      if (n > 0)
        issues.push({
          field: 'is_principal',
          message: `has ${n} products; it must stay a principal`,
        });
    }
    if (before?.is_distributor && changed.has('is_distributor') && !row.is_distributor) {
      const n = countWhere(
        ctx,
        'SELECT count(*) AS n FROM opportunities WHERE distributor_id = ?',
        row.id,
      );
      if (n > 0)
        issues.push({
          field: 'is_distributor',
          message: `is the distributor of ${n} opportunities; it must stay a distributor`,
        });
    }
    return issues;
  },
};

const commands = recordCommands(organizationRules, {
  create: createOrganizationInput,
  update: updateOrganizationInput,
  id: idInput,
});

export const createOrganization = commands.create;
export const updateOrganization = commands.update;
export const deleteOrganization = commands.delete;
export const restoreOrganization = commands.restore;
