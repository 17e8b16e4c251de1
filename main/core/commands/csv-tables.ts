/**
 * The tables a CSV can import into or export from. Its own file because both
 * the column map (csv-columns.ts) and the name references (csv-references.ts)
 * are keyed by it, and the column map uses the references.
 */
import { z } from 'zod';

export const CSV_TABLES = ['organizations', 'contacts', 'opportunities', 'interactions'] as const;
export const csvTable = z.enum(CSV_TABLES);
export type CsvTable = z.infer<typeof csvTable>;
