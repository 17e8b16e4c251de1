/**
 * The column mappings a user chose, per import kind, kept on this computer in
 * localStorage: next month's export from the same tool maps itself. Only the
 * user's own choices are kept (header -> field, '' for "leave out"); headers
 * the core maps by itself need no entry.
 */
import type { CsvTable } from '../api/types.ts';

const PREFIX = 'pantry.csv-mapping.';

export function loadMapping(table: CsvTable): Record<string, string> {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(PREFIX + table) ?? '{}') as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

export function saveMapping(table: CsvTable, mapping: Record<string, string>): void {
  try {
    window.localStorage.setItem(PREFIX + table, JSON.stringify(mapping));
  } catch {
    // Storage full or disabled: the mapping lasts for this session.
  }
}
