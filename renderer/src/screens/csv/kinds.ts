/** The kinds of record a CSV file can bring in or take out, as the screens list them. */
import type { CsvTable } from '../../api/types.ts';

export const CSV_KINDS: { value: CsvTable; label: string }[] = [
  { value: 'organizations', label: 'Organizations' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'opportunities', label: 'Opportunities' },
  { value: 'interactions', label: 'Interactions' },
];
