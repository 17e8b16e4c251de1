/**
 * Compile-time checks, run by `npm run typecheck` (never executed): a form's
 * field list is typed by sync/schema, so the lines marked @ts-expect-error
 * must stay errors. If one stops being an error, a form could list a column
 * the core would refuse or silently drop.
 */
import type { WritableColumn } from '../../../sync/schema/index.ts';

export const contactForm: readonly WritableColumn<'contacts'>[] = ['first_name', 'organization_id'];
export const opportunityForm: readonly WritableColumn<'opportunities'>[] = ['owner_id', 'stage'];

// @ts-expect-error last_interaction_at is derived by the server: no form may write it
export const derived: readonly WritableColumn<'contacts'>[] = ['last_interaction_at'];
// @ts-expect-error stage_changed_at is a server stamp
export const stamp: readonly WritableColumn<'opportunities'>[] = ['stage_changed_at'];
// @ts-expect-error not a column of products
export const unknownColumn: readonly WritableColumn<'products'>[] = ['price'];
// @ts-expect-error a column of another table
export const otherTable: readonly WritableColumn<'products'>[] = ['first_name'];
