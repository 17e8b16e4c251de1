/**
 * Expected failures of a route, as data: a status, a stable code and a message
 * a support engineer can act on. The app's error handler turns them into the
 * `{ error: { code, message, field? } }` body of sync/schema's httpError.
 */
import type { z } from 'zod';
import type { HttpError } from '../../schema/mutations.ts';

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers, e.g. retry-after on 429 or www-authenticate on 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): HttpError {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** The first zod issue as a field name and a sentence: what a client needs to fix its request. */
export function describeZodError(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid input' };
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const pathText = issue.path.map(String).join('.');
  const field = keys[0] !== undefined ? [pathText, keys[0]].filter(Boolean).join('.') : pathText || undefined;
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return { ...(field ? { field } : {}), message: field && issue.code !== 'unrecognized_keys' ? `${field}: ${message}` : message };
}

/** Parses with zod or throws a 400 naming the first problem. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { field, message } = describeZodError(result.error);
  throw new HttpProblem(400, 'invalid_request', `${what}: ${message}`, field);
}
