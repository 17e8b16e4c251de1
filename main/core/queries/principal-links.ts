/**
 * Which principals an interaction is about: the one rule, written once, as SQL
 * over the replica's merged views (so it holds offline, before the server's
 * links arrive). It is the server's (migration 0015,
 * crm.derived_interaction_principals + chosen rows of interaction_principals):
 *
 *   derived  the principals of the products on the interaction's live
 *            opportunity (live product lines; what opportunity_principals
 *            holds), the principal organization the interaction is with, and
 *            the principal organization of its contact;
 *   chosen   the live links a user chose (interaction_principals, source
 *            'chosen', replicated or made offline);
 *   minus    the pairs a user removed (source 'removed', 0018): a live removal
 *            wins over derived and chosen links alike.
 *
 * An interaction is about a principal once, whichever links say so.
 *
 * Used by the principal dashboard (for interactions whose links a pending local
 * change may move; the others are read from the replicated links), the chips
 * of quick log and the interaction form, and the follow-up filter. A test
 * checks that these links equal the server's interaction_principals for every
 * interaction of a seeded workspace (principal-links.int.test.ts).
 *
 * Every caller binds `@ws` (the workspace).
 */
import {
  localTable,
  q,
  syncedTable,
  type MutableTableName,
} from '../../../sync/client/replica/index.ts';

/**
 * Rows with the columns id, opportunity_id, organization_id and contact_id:
 * a table, view or CTE name, or a parenthesized SELECT.
 */
export type InteractionRows = string;

/** The one interaction row of alias `alias` in an enclosing query, as InteractionRows (for a correlated test). */
export function interactionRow(alias: string): InteractionRows {
  return `(SELECT ${['id', 'opportunity_id', 'organization_id', 'contact_id']
    .map((c) => `${alias}.${c} AS ${c}`)
    .join(', ')})`;
}

export interface LinkOptions {
  /** An SQL expression (usually a parameter such as `@principal`): only links to that principal. */
  principal?: string;
  /**
   * Pairs may repeat (UNION ALL): for an existence test, which can stop at the
   * first row instead of sorting every arm's rows to drop duplicates.
   */
  repeats?: boolean;
}

/** Each way the server derives a link, over interaction rows aliased `i`; columns interaction_id, principal_id. */
function derivedArms(rows: InteractionRows, only: (principal: string) => string): string[] {
  return [
    `SELECT i.id AS interaction_id, pr.principal_id FROM ${rows} i
       JOIN opportunities o ON o.id = i.opportunity_id AND o.deleted_at IS NULL
       JOIN opportunity_products l ON l.opportunity_id = o.id AND l.deleted_at IS NULL
       JOIN products pr ON pr.id = l.product_id
       WHERE ${only('pr.principal_id')}`,
    `SELECT i.id, p.id FROM ${rows} i
       JOIN organizations p ON p.id = i.organization_id AND p.is_principal = 1 AND p.workspace_id = @ws
       WHERE ${only('p.id')}`,
    `SELECT i.id, p.id FROM ${rows} i
       JOIN contacts c ON c.id = i.contact_id
       JOIN organizations p ON p.id = c.organization_id AND p.is_principal = 1 AND p.workspace_id = @ws
       WHERE ${only('p.id')}`,
  ];
}

const union = (options: LinkOptions) => `\n  ${options.repeats ? 'UNION ALL' : 'UNION'}\n  `;

function restriction(options: LinkOptions): (principal: string) => string {
  return (principal) => (options.principal ? `${principal} = ${options.principal}` : '1');
}

/** SQL true when the pair (alias.interaction_id, alias.principal_id) has no live removal (0018). */
export function notRemoved(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM interaction_principals r
    WHERE r.interaction_id = ${alias}.interaction_id AND r.principal_id = ${alias}.principal_id
      AND r.source = 'removed' AND r.deleted_at IS NULL)`;
}

/** The derived links of these interactions (interaction_id, principal_id), each pair once, minus removed pairs. */
export function derivedLinksSql(rows: InteractionRows, options: LinkOptions = {}): string {
  return `SELECT d.interaction_id, d.principal_id FROM (
    ${derivedArms(rows, restriction(options)).join(union(options))}
  ) d WHERE ${notRemoved('d')}`;
}

/** The live chosen links of these interactions (interaction_id, principal_id), minus removed pairs. */
export function chosenLinksSql(rows: InteractionRows, options: LinkOptions = {}): string {
  // The merged view alone in its FROM, the rows as an IN list: SQLite then pushes the
  // condition into both arms of the view (an index search each) instead of scanning it.
  return `SELECT k.interaction_id, k.principal_id FROM interaction_principals k
    WHERE k.interaction_id IN (SELECT id FROM ${rows}) AND k.source = 'chosen' AND k.deleted_at IS NULL
      AND ${restriction(options)('k.principal_id')} AND ${notRemoved('k')}`;
}

/** Every principal these interactions are about (interaction_id, principal_id), each pair once. */
export function principalLinksSql(rows: InteractionRows, options: LinkOptions = {}): string {
  return `${derivedLinksSql(rows, options)}${union(options)}${chosenLinksSql(rows, options)}`;
}

const synced = (t: MutableTableName) => q(syncedTable(t));
const local = (t: MutableTableName) => q(localTable(t));
/** Overlay rows of `t` whose `column` differs from the server's row (or that have none). */
const movedColumn = (t: MutableTableName, column: string) =>
  `SELECT l.id FROM ${local(t)} l WHERE NOT EXISTS (
     SELECT 1 FROM ${synced(t)} s WHERE s.id = l.id AND s.${column} IS l.${column})`;

/**
 * The opportunities whose principals (the server's opportunity_principals) a
 * pending local change may move: changed here, or with product lines changed
 * here, or with a product line whose product's principal changed here.
 */
export const CHANGED_OPPORTUNITIES = `
    SELECT id FROM ${local('opportunities')}
    UNION SELECT opportunity_id FROM ${local('opportunity_products')}
    UNION SELECT l.opportunity_id FROM opportunity_products l WHERE l.product_id IN (${movedColumn('products', 'principal_id')})`;

/**
 * The interactions whose links a pending local change may move, so the
 * replicated interaction_principals (the server's links, as of before that
 * change) may not hold for them: interactions changed here, or with chosen
 * links changed here, or whose opportunity, its product lines or their
 * products, or whose principal organization (directly or through the
 * contact) changed here in a way the rule reads. Every other interaction's
 * links are exactly the replicated ones once the server has them. A handful
 * of rows, all from the overlay tables (<table>_local) and index searches.
 */
export const CHANGED_LINK_INTERACTIONS = `
  SELECT id FROM ${local('interactions')}
  UNION SELECT interaction_id FROM ${local('interaction_principals')}
  UNION SELECT i.id FROM interactions i WHERE i.opportunity_id IN (${CHANGED_OPPORTUNITIES})
  UNION SELECT i.id FROM interactions i WHERE i.organization_id IN (${movedColumn('organizations', 'is_principal')})
  UNION SELECT i.id FROM interactions i WHERE i.contact_id IN (
    ${movedColumn('contacts', 'organization_id')}
    UNION SELECT c.id FROM contacts c WHERE c.organization_id IN (${movedColumn('organizations', 'is_principal')}))`;

/** The merged views the rule reads besides the interactions (a live query re-runs when one changes). */
export const PRINCIPAL_LINK_TABLES = [
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'opportunity_products',
  'interaction_principals',
] as const;
