/**
 * Live queries: a screen subscribes to a query with its input and hears the
 * new result whenever a committed transaction (a local command, a server
 * apply, an outbox state change) touched a table the query reads.
 *
 * Invalidation is per table: precise enough for a CRM (a change to contacts
 * does not re-run the pipeline) and cheap to get right. Commits are collected
 * and the affected queries re-run once, in a microtask after the last commit
 * of the current task, so a burst of commits (a sync batch per table, a merge)
 * costs one re-run. A listener is called only when the result differs from the
 * last one it got.
 */
import type { z } from 'zod';
import type { ChangedTable } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import type { QueryDef } from '../queries/define.ts';

interface Subscription {
  tables: ReadonlySet<ChangedTable>;
  rerun(): void;
}

export interface SubscribeOptions<O> {
  /** Called for a failed (re-)run; the subscription stays and tries again on the next change. */
  onError?: (err: unknown) => void;
  /** Deliver the current result at once (default true). */
  initial?: boolean;
  /** Custom equality (default: same JSON). */
  equals?: (a: O, b: O) => boolean;
}

export class LiveQueries {
  private readonly subs = new Set<Subscription>();
  private dirty = new Set<ChangedTable>();
  private scheduled = false;
  private readonly stopListening: () => void;

  constructor(private readonly ctx: CoreContext) {
    this.stopListening = ctx.replica.onCommit((e) => {
      for (const t of e.tables) this.dirty.add(t);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  /** Subscribes `listener` to `query(input)`; returns the unsubscribe function. */
  subscribe<I extends z.ZodType, O>(
    query: QueryDef<I, O>,
    input: z.input<I>,
    listener: (result: O) => void,
    options: SubscribeOptions<O> = {},
  ): () => void {
    const equals = options.equals ?? ((a: O, b: O) => JSON.stringify(a) === JSON.stringify(b));
    let last: { value: O } | undefined;
    let active = true;
    const run = (deliver: boolean) => {
      let value: O;
      try {
        value = query.run(this.ctx, input);
      } catch (err) {
        if (options.onError) options.onError(err);
        else console.error(`live query ${query.name} failed`, err);
        return;
      }
      const changed = !last || !equals(last.value, value);
      last = { value };
      if (deliver && changed && active) listener(value);
    };
    const sub: Subscription = { tables: new Set(query.tables), rerun: () => run(true) };
    this.subs.add(sub);
    run(options.initial ?? true);
    return () => {
      active = false;
      this.subs.delete(sub);
    };
  }

  /** Stops listening to the replica and drops every subscription. */
  close(): void {
    this.stopListening();
    this.subs.clear();
  }

  private flush(): void {
    this.scheduled = false;
    const touched = this.dirty;
    this.dirty = new Set();
    for (const sub of [...this.subs]) {
      if (!this.subs.has(sub)) continue;
      for (const t of sub.tables) {
        if (touched.has(t)) {
          sub.rerun();
          break;
        }
      }
    }
  }
}
