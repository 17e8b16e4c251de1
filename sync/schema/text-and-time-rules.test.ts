import { describe, expect, it } from 'vitest';
import { clientMutation } from './mutations.ts';
import { isBlankText, unstorableTextReason } from './text-rules.ts';
import { latestRecordMs } from './time-rules.ts';
import { insertSchema, updateSchema } from './validation.ts';

const ids = {
  a: '0193a8c4-6b1e-7c3a-9f00-000000000001',
  ws: '0193a8c4-6b1e-7c3a-9f00-0000000000ff',
};
const fieldOf = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  r.success ? undefined : r.error!.issues[0]!.path.join('.');

describe('text a column can hold', () => {
  it('names NUL and lone surrogates, and accepts paired surrogates (emoji)', () => {
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableTextReason('\uD83D')).toMatch(/surrogate/);
    expect(unstorableTextReason('x\uDE00')).toMatch(/surrogate/);
    expect(unstorableTextReason('Crème brûlée \uD83C\uDF6E')).toBeUndefined();
  });

  it('refuses them in every text column of a mutation, with the field', () => {
    expect(fieldOf(updateSchema('organizations').safeParse({ notes: 'a\u0000' }))).toBe('notes');
    expect(fieldOf(updateSchema('contacts').safeParse({ email: 'a\uD800@b.co' }))).toBe('email');
    expect(fieldOf(insertSchema('organizations').safeParse({ id: ids.a, workspace_id: ids.ws, name: 'N\u0000' }))).toBe('name');
  });

  it('treats whitespace-only text, zero-width characters included, as blank', () => {
    for (const s of ['', ' ', '\t\n', '\u200B', '\u200C\u200D', '\uFEFF', '\u2060', '\u00A0\u3000\u2003', ' \u200B ']) {
      expect(isBlankText(s), JSON.stringify(s)).toBe(true);
    }
    expect(isBlankText('a\u200B')).toBe(false);
    // Optional text: blank is no value.
    expect(updateSchema('organizations').parse({ city: '\u200B\u00A0' })).toEqual({ city: null });
    // Required text: blank is refused.
    expect(fieldOf(insertSchema('organizations').safeParse({ id: ids.a, workspace_id: ids.ws, name: '\u200B\u2060' }))).toBe('name');
    expect(fieldOf(updateSchema('products').safeParse({ name: '\uFEFF ' }))).toBe('name');
  });
});

describe('dates and times a client may write', () => {
  const ok = (v: string) => updateSchema('interactions').safeParse({ interaction_date: v }).success;
  const okDate = (v: string) => updateSchema('interactions').safeParse({ follow_up_date: v }).success;

  it('bounds record dates to 1900-01-01 .. ten years from now', () => {
    expect(ok('2026-03-01T09:30:00+01:00')).toBe(true);
    expect(ok('1900-01-01T00:00:00Z')).toBe(true);
    expect(ok('1899-12-31T23:59:59Z')).toBe(false);
    expect(ok('0000-01-01T00:00:00Z')).toBe(false);
    // Year 9999 local time, but year 10000 in UTC: what moved last_interaction_at to 10000-01-01.
    expect(ok('9999-12-31T23:00:00-05:00')).toBe(false);
    expect(ok(new Date(latestRecordMs() - 60_000).toISOString())).toBe(true);
    expect(ok(new Date(latestRecordMs() + 60_000).toISOString())).toBe(false);
    expect(okDate('1900-01-01')).toBe(true);
    expect(okDate('1899-12-31')).toBe(false);
    expect(okDate('0000-02-29')).toBe(false);
    expect(okDate(new Date(latestRecordMs()).toISOString().slice(0, 10))).toBe(true);
    expect(okDate(`${new Date(latestRecordMs()).getUTCFullYear() + 1}-01-01`)).toBe(false);
  });

  it('refuses UTC offsets PostgreSQL cannot store', () => {
    expect(ok('2026-01-01T00:00:00+14:00')).toBe(true);
    expect(ok('2026-01-01T00:00:00-15:59')).toBe(true);
    expect(ok('2026-01-01T00:00:00+16:00')).toBe(false);
    expect(ok('2026-01-01T00:00:00+23:59')).toBe(false);
  });

  it("keeps a mutation's created_at (the device clock) wide: 1970 .. 9999, storable offsets", () => {
    const m = (created_at: string) =>
      clientMutation.safeParse({ mutation_id: ids.a, table: 'organizations', op: 'delete', row_id: ids.a, created_at });
    expect(m('2026-05-01T10:00:00Z').success).toBe(true);
    // A clock reset to the epoch or far ahead must not keep a user from saving.
    expect(m('1970-01-01T00:00:00Z').success).toBe(true);
    expect(m('2099-01-01T00:00:00Z').success).toBe(true);
    expect(m('9999-12-31T23:59:59Z').success).toBe(true);
    expect(fieldOf(m('0000-01-01T00:00:00Z'))).toBe('created_at');
    expect(fieldOf(m('9999-12-31T23:59:59-01:00'))).toBe('created_at');
    expect(fieldOf(m('2026-01-01T00:00:00+23:59'))).toBe('created_at');
  });
});
