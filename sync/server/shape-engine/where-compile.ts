/**
 * Turns a parsed where clause into (1) a Node predicate over replicated rows and (2)
 * parameterised SQL for the snapshot query, both with PostgreSQL's three-valued logic.
 *
 * Two steps, because constants need PostgreSQL once:
 *   planWhere()    checks columns and types (400 on misuse) and lists every constant
 *                  (literal or $n) with the type it is compared against;
 *   compileWhere() takes those constants as PostgreSQL printed them after a cast to that
 *                  type (so '2025-01-01' and uuids in capitals compare correctly) and
 *                  builds both outputs. Params are bound values in the SQL, never spliced.
 * The canonical constants are stored with the shape, so a restart recompiles without a query.
 */
import type { ColumnInfo, CompareClass, TableInfo } from './catalog.ts';
import { quoteIdent } from './sql-text.ts';
import { commonClass, comparatorFor } from './pg-compare.ts';
import {
  WhereSyntaxError,
  referencedParams,
  type CompareOp,
  type Operand,
  type WhereExpr,
} from './where-parser.ts';

export type Row = Readonly<Record<string, string | null>>;
type Tri = boolean | null;

/** A constant to be cast by PostgreSQL: `$n::<castType>` printed back as text. */
export interface PlannedConstant {
  value: string;
  castType: string;
}

export interface WherePlan {
  readonly expr: WhereExpr;
  readonly constants: readonly PlannedConstant[];
  /** Slot of each constant operand, keyed by the operand object. */
  readonly slots: ReadonlyMap<Operand, number>;
  readonly classes: ReadonlyMap<WhereExpr, CompareClass>;
  readonly table: TableInfo;
}

export interface CompiledWhere {
  matches(row: Row): boolean;
  /** Boolean SQL over quoted column names, with $1.. placeholders for `sqlParams`. */
  sql: string;
  sqlParams: string[];
}

export class WhereTypeError extends Error {}

/** Validates a where tree against a table and the supplied params (index 0 is $1). */
export function planWhere(expr: WhereExpr, table: TableInfo, params: readonly string[]): WherePlan {
  for (const n of referencedParams(expr)) {
    if (n > params.length)
      throw new WhereTypeError(`parameter $${n} is referenced but params[${n}] was not given`);
  }
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const constants: PlannedConstant[] = [];
  const slots = new Map<Operand, number>();
  const classes = new Map<WhereExpr, CompareClass>();

  /** `nullTestOnly`: IS [NOT] NULL works on a column of any type. */
  const column = (o: Extract<Operand, { kind: 'column' }>, nullTestOnly = false): ColumnInfo => {
    const c = byName.get(o.name);
    if (!c) throw new WhereSyntaxError(`column "${o.name}" does not exist`, o.at);
    if (c.generated)
      throw new WhereSyntaxError(
        `column "${o.name}" is generated and cannot be used in a shape`,
        o.at,
      );
    if (c.compareClass === null && !nullTestOnly) {
      throw new WhereSyntaxError(
        `column "${o.name}" has a type that where clauses do not support`,
        o.at,
      );
    }
    return c;
  };
  const constantText = (o: Operand): string | null => {
    if (o.kind === 'param') return params[o.index - 1]!;
    if (o.kind === 'literal') return o.value;
    return null;
  };
  /** Registers a constant to be cast to `castType`; NULL literals need no cast. */
  const constant = (o: Operand, castType: string): void => {
    if (o.kind === 'literal' && o.type === 'null') return;
    const text = constantText(o);
    if (text === null) throw new Error('unreachable: not a constant');
    slots.set(o, constants.length);
    constants.push({ value: text, castType });
  };

  const visit = (e: WhereExpr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.args.forEach(visit);
        return;
      case 'not':
        visit(e.arg);
        return;
      case 'is_null':
        if (e.arg.kind === 'column') column(e.arg, true);
        return;
      case 'operand': {
        const o = e.arg;
        if (o.kind === 'column') {
          if (column(o).compareClass !== 'bool')
            throw new WhereSyntaxError(
              `argument of WHERE must be type boolean, column "${o.name}" is not`,
              o.at,
            );
        } else if (o.kind === 'literal' && o.type === 'number') {
          throw new WhereSyntaxError('argument of WHERE must be type boolean, not a number', o.at);
        } else {
          constant(o, 'boolean');
        }
        classes.set(e, 'bool');
        return;
      }
      case 'in': {
        if (e.arg.kind !== 'column')
          throw new WhereSyntaxError('the left side of IN must be a column', e.arg.at);
        const c = column(e.arg);
        for (const item of e.list) {
          if (item.kind === 'column')
            throw new WhereSyntaxError(
              'IN lists may hold only literals and $n parameters',
              item.at,
            );
          constant(item, c.castType);
        }
        classes.set(e, c.compareClass!);
        return;
      }
      case 'compare': {
        let { left, right } = e;
        if (left.kind !== 'column' && right.kind === 'column') [left, right] = [right, left];
        if (left.kind !== 'column')
          throw new WhereSyntaxError('a comparison must involve at least one column', e.left.at);
        const c = column(left);
        let cls = c.compareClass!;
        if (right.kind === 'column') {
          const d = column(right);
          const common = commonClass(cls, d.compareClass!, c.castType === d.castType);
          if (common === null)
            throw new WhereSyntaxError(
              `cannot compare column "${c.name}" (${c.castType}) with column "${d.name}" (${d.castType})`,
              right.at,
            );
          cls = common;
        } else {
          constant(right, c.castType);
        }
        if (cls === 'equality' && e.op !== '=' && e.op !== '<>') {
          throw new WhereSyntaxError(
            `operator ${e.op} is not supported for column "${c.name}" of type ${c.castType} (only = and <>)`,
            left.at,
          );
        }
        classes.set(e, cls);
        return;
      }
    }
  };
  visit(expr);
  return { expr, constants, slots, classes, table };
}

const OPS: Record<CompareOp, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '>=': (c) => c >= 0,
};

type Getter = (row: Row) => string | null;

/** Builds the predicate and the SQL; `canonical[i]` is PostgreSQL's text for constants[i]. */
export function compileWhere(plan: WherePlan, canonical: readonly string[]): CompiledWhere {
  if (canonical.length !== plan.constants.length) throw new Error('constant count mismatch');
  const sqlParams: string[] = [];
  const operandSql = (o: Operand): string => {
    if (o.kind === 'column') return quoteIdent(o.name);
    const slot = plan.slots.get(o);
    if (slot === undefined) return 'NULL';
    sqlParams.push(canonical[slot]!);
    return `$${sqlParams.length}::${plan.constants[slot]!.castType}`;
  };
  const getter = (o: Operand): Getter => {
    if (o.kind === 'column') {
      const name = o.name;
      return (row) => row[name] ?? null;
    }
    const slot = plan.slots.get(o);
    const v = slot === undefined ? null : canonical[slot]!;
    return () => v;
  };

  const build = (e: WhereExpr): { sql: string; fn: (row: Row) => Tri } => {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const parts = e.args.map(build);
        const fns = parts.map((p) => p.fn);
        const isAnd = e.kind === 'and';
        return {
          sql: `(${parts.map((p) => p.sql).join(isAnd ? ' AND ' : ' OR ')})`,
          fn: (row) => {
            let unknown = false;
            for (const f of fns) {
              const v = f(row);
              if (v === null) unknown = true;
              else if (v !== isAnd) return v;
            }
            return unknown ? null : isAnd;
          },
        };
      }
      case 'not': {
        const inner = build(e.arg);
        return {
          sql: `(NOT ${inner.sql})`,
          fn: (row) => {
            const v = inner.fn(row);
            return v === null ? null : !v;
          },
        };
      }
      case 'is_null': {
        const get = getter(e.arg);
        const negated = e.negated;
        return {
          sql: `(${operandSql(e.arg)} IS ${negated ? 'NOT ' : ''}NULL)`,
          fn: (row) => (get(row) === null) !== negated,
        };
      }
      case 'operand': {
        const get = getter(e.arg);
        return {
          sql: `(${operandSql(e.arg)})`,
          fn: (row) => {
            const v = get(row);
            return v === null ? null : v === 't';
          },
        };
      }
      case 'in': {
        const cmp = comparatorFor(plan.classes.get(e)!);
        const get = getter(e.arg);
        const items = e.list.map(getter);
        const sql = `(${operandSql(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(operandSql).join(', ')}))`;
        const negated = e.negated;
        return {
          sql,
          fn: (row) => {
            const v = get(row);
            if (v === null) return null;
            let unknown = false;
            for (const item of items) {
              const w = item(row);
              if (w === null) unknown = true;
              else if (cmp(v, w) === 0) return !negated;
            }
            return unknown ? null : negated;
          },
        };
      }
      case 'compare': {
        const cmp = comparatorFor(plan.classes.get(e)!);
        const test = OPS[e.op];
        const l = getter(e.left);
        const r = getter(e.right);
        return {
          sql: `(${operandSql(e.left)} ${e.op} ${operandSql(e.right)})`,
          fn: (row) => {
            const a = l(row);
            const b = r(row);
            return a === null || b === null ? null : test(cmp(a, b));
          },
        };
      }
    }
  };
  const root = build(plan.expr);
  const fn = root.fn;
  return { matches: (row) => fn(row) === true, sql: root.sql, sqlParams };
}

/** A where clause that accepts every row (no `where` given). */
export const MATCH_ALL: CompiledWhere = { matches: () => true, sql: 'TRUE', sqlParams: [] };
