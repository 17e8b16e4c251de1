/**
 * The shape every record command shares. A command:
 * 1. parses its input with zod (a ZodError naming the field when it is bad);
 * 2. in one replica transaction: reads the current merged row, derives what
 *    the server would derive, checks the whole candidate row (cross-field rules
 *    of sync/schema, references, the table's own rules), and enqueues the
 *    mutation, which updates the overlay, search and outbox together.
 * Any failure throws before anything is written, and the transaction makes the
 * write itself all-or-nothing. Updates carry only the fields that really
 * change, so concurrent edits of other fields on other devices both survive.
 */
import type { z } from 'zod';
import { crossFieldIssues } from '../../../sync/schema/index.ts';
import { uuidv7, type MutableTableName } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError, assertNoIssues, type FieldIssue } from '../errors.ts';
import { fromSqlRow, type Row } from '../rows.ts';
import { normalizeValues, prepareInput } from './input.ts';
import { referenceIssues } from './references.ts';

export interface TableRules {
  table: MutableTableName;
  /** For messages: 'organization', 'contact', ... */
  noun: string;
  /** Values a new record gets unless given; sent with the insert, so the server stores what the user saw. */
  defaults?(ctx: CoreContext): Row;
  /** Values the server would derive from others (sent too, so the local row is right at once). */
  derive?(ctx: CoreContext, candidate: Row, changed: ReadonlySet<string>): Row;
  /** Rules beyond the schema's cross-field checks and references. */
  check?(
    ctx: CoreContext,
    candidate: Row,
    changed: ReadonlySet<string>,
    before: Row | undefined,
  ): FieldIssue[];
}

export interface WriteResult {
  id: string;
  /** Fields the mutation set (empty: nothing changed, nothing was written). */
  changed: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The merged row of a record in the current workspace, or a not_found CommandError. */
export function loadRecord(
  ctx: CoreContext,
  rules: Pick<TableRules, 'table' | 'noun'>,
  id: string,
): Row {
  const raw = ctx.replica.getRow(rules.table, id);
  if (!raw || raw.workspace_id !== ctx.workspaceId)
    throw new CommandError('not_found', `no ${rules.noun} ${id}`);
  return fromSqlRow(rules.table, raw);
}

function validate(
  ctx: CoreContext,
  rules: TableRules,
  candidate: Row,
  changed: Set<string>,
  before: Row | undefined,
): void {
  assertNoIssues(
    [
      ...crossFieldIssues(rules.table, candidate),
      ...referenceIssues(ctx, rules.table, candidate, changed),
      ...(rules.check?.(ctx, candidate, changed, before) ?? []),
    ],
    candidate,
  );
}

/** Creates a record from already parsed values; returns its id. Runs inside the caller's transaction if any. */
export function insertRecord(ctx: CoreContext, rules: TableRules, data: Row): WriteResult {
  const { id: given, ...fields } = data;
  const id = typeof given === 'string' ? given : uuidv7(ctx.replica.now().getTime());
  return ctx.replica.transaction(() => {
    if (ctx.replica.getRow(rules.table, id))
      throw new CommandError('conflict', `${rules.noun} ${id} already exists`);
    let values = normalizeValues(rules.table, { ...rules.defaults?.(ctx), ...fields });
    const changed = new Set(Object.keys(values));
    const derived = rules.derive?.(ctx, values, changed) ?? {};
    values = { ...values, ...normalizeValues(rules.table, derived) };
    for (const k of Object.keys(derived)) changed.add(k);
    validate(ctx, rules, values, changed, undefined);
    ctx.replica.outbox.enqueue([
      {
        table: rules.table,
        op: 'insert',
        row_id: id,
        workspace_id: ctx.workspaceId,
        changes: values,
      },
    ]);
    return { id, changed: [...changed] };
  });
}

/** Changes fields of a record from already parsed values; only real changes are sent. */
export function changeRecord(
  ctx: CoreContext,
  rules: TableRules,
  id: string,
  requested: Row,
  options: { allowDeleted?: boolean } = {},
): WriteResult {
  return ctx.replica.transaction(() => {
    const before = loadRecord(ctx, rules, id);
    if (before.deleted_at && !options.allowDeleted) {
      throw new CommandError(
        'invalid_state',
        `the ${rules.noun} is deleted; restore it before changing it`,
      );
    }
    const changes: Row = {};
    for (const [k, v] of Object.entries(normalizeValues(rules.table, requested)))
      if (!same(before[k], v)) changes[k] = v;
    const changed = new Set(Object.keys(changes));
    if (changed.size > 0 && rules.derive) {
      const derived = normalizeValues(
        rules.table,
        rules.derive(ctx, { ...before, ...changes }, changed),
      );
      for (const [k, v] of Object.entries(derived)) {
        if (!same(before[k], v)) {
          changes[k] = v;
          changed.add(k);
        }
      }
    }
    if (changed.size === 0) return { id, changed: [] };
    validate(ctx, rules, { ...before, ...changes }, changed, before);
    ctx.replica.outbox.enqueue([{ table: rules.table, op: 'update', row_id: id, changes }]);
    return { id, changed: [...changed] };
  });
}

/** Soft delete (or restore): a no-op when the record is already in that state. */
export function setDeleted(
  ctx: CoreContext,
  rules: TableRules,
  id: string,
  deleted: boolean,
): WriteResult {
  return ctx.replica.transaction(() => {
    const before = loadRecord(ctx, rules, id);
    if (Boolean(before.deleted_at) === deleted) return { id, changed: [] };
    if (!deleted) validate(ctx, rules, before, new Set(), before);
    ctx.replica.outbox.enqueue([
      { table: rules.table, op: deleted ? 'delete' : 'restore', row_id: id },
    ]);
    return { id, changed: ['deleted_at'] };
  });
}

/** The four record commands of a table: parse with the given schemas, then write. */
export function recordCommands<C extends z.ZodType, U extends z.ZodType, D extends z.ZodType>(
  rules: TableRules,
  schemas: { create: C; update: U; id: D },
) {
  return {
    create(ctx: CoreContext, input: unknown): WriteResult {
      return insertRecord(
        ctx,
        rules,
        schemas.create.parse(prepareInput(rules.table, input)) as Row,
      );
    },
    update(ctx: CoreContext, input: unknown): WriteResult {
      const { id, ...fields } = schemas.update.parse(prepareInput(rules.table, input)) as Row & {
        id: string;
      };
      return changeRecord(ctx, rules, id, fields);
    },
    delete(ctx: CoreContext, input: unknown): WriteResult {
      return setDeleted(ctx, rules, (schemas.id.parse(input) as { id: string }).id, true);
    },
    restore(ctx: CoreContext, input: unknown): WriteResult {
      return setDeleted(ctx, rules, (schemas.id.parse(input) as { id: string }).id, false);
    },
  };
}
