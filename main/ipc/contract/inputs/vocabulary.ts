/** Small closed lists the inputs and results share (kinds of record, urgencies, ...). */

/** The kinds of record with a list, a detail page and search. */
export const RECORD_TABLES = [
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'interactions',
] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

export const CSV_TABLES = ['organizations', 'contacts', 'opportunities', 'interactions'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Follow-ups: overdue (before today), due (today), upcoming, unscheduled (no date). */
export const URGENCIES = ['overdue', 'due', 'upcoming', 'unscheduled'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const DUPLICATE_REASONS = [
  'similar_name',
  'same_email',
  'same_phone',
  'same_domain',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
