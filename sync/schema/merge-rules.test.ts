import { describe, expect, it } from 'vitest';
import { MERGE_CHOICE_FIELDS, MERGE_FIELDS, MERGE_FILL_FIELDS } from './merge-rules.ts';
import { updatableColumns } from './tables.ts';

describe('merge rules read the table definitions', () => {
  for (const table of ['organizations', 'contacts'] as const) {
    it(`${table}: the merge screen compares every column a person writes (soft delete aside)`, () => {
      const written = updatableColumns(table).filter((c) => c !== 'deleted_at');
      expect([...MERGE_FIELDS[table]].sort()).toEqual(written.sort());
    });

    it(`${table}: what is filled in or chosen is among the compared fields`, () => {
      const shown = new Set<string>(MERGE_FIELDS[table]);
      for (const f of [...MERGE_FILL_FIELDS[table], ...MERGE_CHOICE_FIELDS[table]])
        expect(shown.has(f), f).toBe(true);
    });
  }
});
