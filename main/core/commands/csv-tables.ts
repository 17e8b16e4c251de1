/**
 * The tables a CSV can import into or export from, as the channel contract
 * names them (one list: the renderer's picker and the core's column map agree).
 * Its own file because both the column map (csv-columns.ts) and the name
 * references (csv-references.ts) are keyed by it.
 */
export { CSV_TABLES, csvTable, type CsvTable } from '../../ipc/contract/index.ts';
