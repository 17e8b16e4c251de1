/**
 * A zod string PostgreSQL can store: no NUL, no lone UTF-16 surrogate
 * (sync/schema/text-rules.ts). Refused as a 400 naming the field, where the
 * database would have answered a 500 (NUL) or node-pg silently changed the
 * text (a surrogate becomes U+FFFD, so two different passwords would match).
 */
import type { z } from 'zod';
import { unstorableTextReason } from '../../schema/text-rules.ts';

export function storableText<S extends z.ZodType<string>>(schema: S) {
  return schema.superRefine((s, ctx) => {
    const why = unstorableTextReason(s);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });
}
