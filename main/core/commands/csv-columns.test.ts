/** The columns an import passes over come from sync/schema's server-written marks, not a hand list. */
import { describe, expect, it } from 'vitest';
import { serverWrittenColumns } from '../../../sync/schema/index.ts';
import { CSV_TABLES, SERVER_KEPT } from './csv-columns.ts';

describe('SERVER_KEPT', () => {
  it('holds every server-written column of every CSV table, stage_changed_at included', () => {
    for (const t of CSV_TABLES)
      for (const c of serverWrittenColumns(t)) expect(SERVER_KEPT.has(c), `${t}.${c}`).toBe(true);
    expect(SERVER_KEPT.has('stage_changed_at')).toBe(true);
  });

  it('never holds a column a person types', () => {
    for (const c of ['name', 'stage', 'notes', 'email', 'organization_id', 'opportunity_id'])
      expect(SERVER_KEPT.has(c), c).toBe(false);
  });
});
