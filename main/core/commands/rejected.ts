/**
 * The user's answers to a rejected change: retry it (optionally after editing
 * its fields; it goes to the end of the queue with a new mutation id), or
 * discard it (the record already shows the server's state).
 */
import { z } from 'zod';
import { insertSchema, updateSchema } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError, type FieldIssue } from '../errors.ts';
import { normalizeValues, prepareInput } from './input.ts';
import { discardRejectedInput, retryRejectedInput } from '../../ipc/contract/index.ts';

export { discardRejectedInput, retryRejectedInput };

function findRejected(ctx: CoreContext, mutationId: string) {
  const e = ctx.replica.outbox
    .entries({ status: ['rejected'] })
    .find((x) => x.mutation_id === mutationId);
  if (!e) throw new CommandError('not_found', `no rejected change ${mutationId}`);
  return e;
}

export function retryRejected(ctx: CoreContext, input: unknown): { mutation_id: string } {
  const { mutation_id, changes } = retryRejectedInput.parse(input);
  return ctx.replica.transaction(() => {
    const e = findRejected(ctx, mutation_id);
    if (changes && (e.op === 'delete' || e.op === 'restore')) {
      throw new z.ZodError([
        {
          code: 'custom',
          path: ['changes'],
          message: `a ${e.op} carries no fields`,
          input: changes,
        },
      ]);
    }
    let fixed: Record<string, unknown> | undefined;
    if (changes) {
      const prepared = prepareInput(e.table, changes) as Record<string, unknown>;
      const schema = e.op === 'insert' ? insertSchema(e.table) : updateSchema(e.table);
      const full =
        e.op === 'insert' ? { ...prepared, id: e.row_id, workspace_id: e.workspace_id } : prepared;
      const parsed = schema.safeParse(full);
      if (!parsed.success) {
        const issues: FieldIssue[] = parsed.error.issues.map((i) => ({
          field: ['changes', ...i.path].join('.'),
          message: i.message,
        }));
        throw new z.ZodError(
          issues.map((i) => ({
            code: 'custom' as const,
            path: i.field.split('.'),
            message: i.message,
            input: changes,
          })),
        );
      }
      const { id: _id, workspace_id: _ws, ...fields } = parsed.data as Record<string, unknown>;
      fixed = normalizeValues(e.table, fields);
    }
    return { mutation_id: ctx.replica.outbox.retry(mutation_id, fixed).mutation_id };
  });
}

export function discardRejected(ctx: CoreContext, input: unknown): { discarded: string } {
  const { mutation_id } = discardRejectedInput.parse(input);
  return ctx.replica.transaction(() => {
    findRejected(ctx, mutation_id);
    ctx.replica.outbox.discard(mutation_id);
    return { discarded: mutation_id };
  });
}
