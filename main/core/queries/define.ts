/**
 * A query as live queries and transports see it: a name, the tables it reads
 * (so a change to one of them re-runs it), its zod input, and the function.
 * Query functions parse their own input, so calling one directly is as safe as
 * calling it through a channel.
 */
import type { z } from 'zod';
import type { ChangedTable } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';

export interface QueryDef<I extends z.ZodType = z.ZodType, O = unknown> {
  name: string;
  /** Every view the query reads; 'outbox' for queries that show pending state. */
  tables: readonly ChangedTable[];
  input: I;
  run(ctx: CoreContext, input: z.input<I>): O;
}

export function defineQuery<I extends z.ZodType, O>(def: QueryDef<I, O>): QueryDef<I, O> {
  return def;
}
