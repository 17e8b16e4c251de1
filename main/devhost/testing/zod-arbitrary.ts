/**
 * fast-check inputs shaped like a channel's zod input schema: mostly what the
 * schema accepts (so the fuzzing reaches the handlers, not only validation),
 * then mutated (a field replaced by random JSON, dropped, an unknown or
 * prototype key added) or thrown away for random JSON altogether.
 *
 * Reads zod 4's schema definitions (`_zod.def`); a kind it does not know gets
 * random JSON, which is still a fair input to throw at a boundary.
 */
import fc from 'fast-check';
import type { z } from 'zod';

export interface ValuePools {
  /** Ids that exist (workspace, user, records created so far): a uuid field picks one of these half the time. */
  ids: readonly string[];
  /** Where a URL field points: a loopback port nobody listens on, so a network call fails at once. */
  serverUrl: string;
}

interface Def {
  type: string;
  format?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => z.ZodType;
}

/** Bounds zod keeps on string and number schemas (undefined or ±Infinity when unset). */
interface Bounds {
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const randomJson = () => fc.jsonValue({ maxDepth: 2 });

function stringFor(schema: z.ZodType, def: Def, pools: ValuePools): fc.Arbitrary<unknown> {
  switch (def.format) {
    case 'uuid':
      return pools.ids.length ? fc.oneof(fc.constantFrom(...pools.ids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'url':
      return fc.constantFrom(pools.serverUrl, pools.serverUrl.replace('127.0.0.1', 'localhost'));
    case 'datetime':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  }
  const b = schema as unknown as Bounds;
  const minLength = Math.min(b.minLength ?? 0, 40);
  const maxLength = Math.max(minLength, Math.min(b.maxLength ?? 40, 40));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberFor(schema: z.ZodType): fc.Arbitrary<number> {
  const b = schema as unknown as Bounds;
  const min = Number.isFinite(b.minValue) ? Math.max(b.minValue!, -1e6) : -1e6;
  const max = Number.isFinite(b.maxValue) ? Math.min(b.maxValue!, 1e6) : 1e6;
  if (b.isInt) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema should accept (as far as its kinds and bounds say). */
export function validish(schema: z.ZodType, pools: ValuePools, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return randomJson();
  const def = defOf(schema);
  const inner = (s: z.ZodType) => validish(s, pools, depth + 1);
  switch (def.type) {
    case 'string':
      return stringFor(schema, def, pools);
    case 'number':
      return numberFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries!));
    case 'literal':
      return fc.constantFrom(...def.values!);
    case 'optional':
      return fc.option(inner(def.innerType!), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(inner(def.innerType!), { nil: null, freq: 3 });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType!);
    case 'pipe':
      // z.preprocess is a pipe from a transform: the schema after it says what is accepted.
      return defOf(def.in!).type === 'transform' ? inner(def.out!) : inner(def.in!);
    case 'lazy':
      return inner(def.getter!());
    case 'union':
      return fc.oneof(...def.options!.map(inner));
    case 'array':
      return fc.array(inner(def.element!), { maxLength: 3 });
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), inner(def.valueType!), { maxKeys: 3 });
    case 'object': {
      const shape = def.shape!;
      const required = Object.keys(shape).filter((k) => defOf(shape[k]!).type !== 'optional');
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s)])), { requiredKeys: required });
    }
    default:
      return randomJson();
  }
}

const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'id', '', 'x'.repeat(300)];

type Mutation = 'none' | 'replace' | 'drop' | 'add' | 'random';

/** A valid-looking input, then (most of the time) broken in one place. */
export function mutatedInput(schema: z.ZodType, pools: ValuePools): fc.Arbitrary<unknown> {
  return fc
    .record({
      value: validish(schema, pools),
      // Half go in as generated, so handlers see plenty of accepted input too.
      how: fc.oneof(
        { arbitrary: fc.constant<Mutation>('none'), weight: 4 },
        { arbitrary: fc.constantFrom<Mutation>('replace', 'drop', 'add', 'random'), weight: 4 },
      ),
      pick: fc.nat(),
      junk: randomJson(),
      oddKey: fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 12 })),
    })
    .map(({ value, how, pick, junk, oddKey }) => {
      if (how === 'random') return junk;
      if (how === 'none' || typeof value !== 'object' || value === null || Array.isArray(value)) return how === 'none' ? value : junk;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[pick % keys.length]! : oddKey;
      if (how === 'replace') copy[key] = junk;
      else if (how === 'drop') delete copy[key];
      // defineProperty: a plain assignment of '__proto__' would set the prototype, not a key JSON can carry.
      else Object.defineProperty(copy, oddKey, { value: junk, enumerable: true, configurable: true, writable: true });
      return copy;
    });
}
