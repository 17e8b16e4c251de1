import { describe, expect, it } from 'vitest';
import type { AuditRow, OutboxEntry } from '../api/types.ts';
import { changedOnServer, conflictsOf } from './conflict.ts';

const rejected = {
  mutation_id: 'm',
  table: 'organizations',
  op: 'update',
  row_id: 'r',
  changes: { phone: '555-9999', segment: 'Fine Dining' },
  created_at: '2026-01-02T00:00:00.000Z',
  status: 'rejected',
} as unknown as OutboxEntry;

const audit = (occurred_at: string, new_values: Record<string, unknown>): AuditRow =>
  ({
    id: occurred_at,
    action: 'update',
    changed_fields: Object.keys(new_values),
    new_values,
    old_values: null,
    occurred_at,
  }) as unknown as AuditRow;

describe('conflictsOf', () => {
  it('puts the value before my edit, mine and the server’s side by side', () => {
    const c = conflictsOf(rejected, { phone: '555-0100', segment: 'Independent' }, [
      audit('2026-01-03T00:00:00.000Z', { phone: '555-0100' }),
      audit('2026-01-01T00:00:00.000Z', { phone: '555-0142', segment: 'Independent' }),
    ]);
    expect(c).toEqual([
      { field: 'phone', mine: '555-9999', server: '555-0100', original: '555-0142' },
      { field: 'segment', mine: 'Fine Dining', server: 'Independent', original: 'Independent' },
    ]);
    expect(c.map(changedOnServer)).toEqual([true, false]);
  });

  it('leaves the original out when the audit trail does not reach back', () => {
    const [first] = conflictsOf(rejected, { phone: '1' }, []);
    expect(first).toEqual({ field: 'phone', mine: '555-9999', server: '1' });
    expect(changedOnServer(first!)).toBe(false);
  });
});
