/**
 * A channel: one named request the UI may make of the desktop core, with a zod
 * schema for what goes in and what comes out. The same table of channels is
 * served by every transport (Electron's ipcMain, the dev host's HTTP), so the
 * renderer cannot tell them apart and every boundary validates the same way.
 *
 * Every answer is an envelope: `{ ok: true, value }` or
 * `{ ok: false, error: { code, message, issues? } }`. Expected failures
 * (validation, offline, rejected) have stable codes; anything else is `internal`
 * with a message a support engineer can act on, never a stack trace.
 */
import { z } from 'zod';
import type { ChannelResult, FieldIssue } from './contract/index.ts';

export interface ChannelDef<I extends z.ZodType, O extends z.ZodType, Ctx> {
  input: I;
  output: O;
  // A method, so a table of channels of different types holds each one's typed handler without
  // a cast: invokeChannel gives it only input its own schema parsed.
  handler(input: z.output<I>, ctx: Ctx): Promise<z.input<O>> | z.input<O>;
}

export {
  channelError,
  fieldIssue,
  type ChannelError,
  type ChannelResult,
  type FieldIssue,
} from './contract/index.ts';

/** An expected failure a handler raises on purpose (shown to the user as is). */
export class ChannelFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    readonly details?: Record<string, z.core.util.JSONType>,
  ) {
    super(message);
    this.name = 'ChannelFailure';
  }
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
}

/**
 * The channel a transport was asked for by name, as an own property only: a
 * name that arrives from outside ('constructor', '__proto__', 'toString') must
 * not find something on Object.prototype.
 */
export function findChannel<Def>(
  table: Readonly<Record<string, Def>>,
  name: string,
): Def | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Runs one channel call: validate the input, run the handler, validate the
 * output. Used by every transport, so they behave identically.
 */
export async function invokeChannel<Ctx>(
  def: ChannelDef<z.ZodType, z.ZodType, Ctx> | undefined,
  name: string,
  rawInput: unknown,
  ctx: Ctx,
): Promise<ChannelResult<unknown>> {
  if (!def)
    return { ok: false, error: { code: 'unknown_channel', message: `no channel named ${name}` } };
  const input = def.input.safeParse(rawInput);
  if (!input.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `invalid input for ${name}`,
        issues: issuesOf(input.error),
      },
    };
  }
  try {
    const value = await def.handler(input.data, ctx);
    // Checked in production too: measured (main/ipc/output-validation.test.ts) at about 1 ms for the
    // biggest answer a list gives (200 organizations, 165 KiB of JSON) against 3 ms for the query
    // itself; the check is what makes the renderer's contract types true, so it stays on.
    const output = def.output.safeParse(value);
    if (!output.success) {
      return {
        ok: false,
        error: {
          code: 'internal',
          // The first mismatches name the field, for a support engineer (values are left out).
          message: `${name} produced an invalid answer (${output.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`)
            .join('; ')})`,
        },
      };
    }
    return { ok: true, value: output.data };
  } catch (err) {
    if (err instanceof ChannelFailure) {
      const extra = {
        ...(err.issues ? { issues: err.issues } : {}),
        ...(err.details ? { details: err.details } : {}),
      };
      return { ok: false, error: { code: err.code, message: err.message, ...extra } };
    }
    if (err instanceof z.ZodError) {
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `invalid input for ${name}`,
          issues: issuesOf(err),
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `${name} failed: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}
