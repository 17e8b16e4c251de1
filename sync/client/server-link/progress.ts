/**
 * The first download's progress in rows: rows received over the rows the
 * server's sync plan said the shapes hold, and a time-left estimate from the
 * observed row rate. Rows are counted as the shape streams deliver them (before
 * the apply at up-to-date), only for the tables that download from scratch
 * (a resumed table's few changes are neither in the numerator nor the total).
 *
 * Never misleading: rows are clamped to the total (a must-refetch may deliver
 * a table twice), the estimate appears only after MIN_RATE_MS of data (the
 * first seconds of a download say little about its rate) and is never
 * negative. Without a plan (an older server) only the table counts remain.
 */

export interface InitialSyncProgress {
  tables_done: number;
  tables_total: number;
  /** Rows received so far; with rows_total, never more than it. */
  rows: number;
  /** Rows the download holds in all, from the server's sync plan. */
  rows_total?: number;
  /** Seconds left at the rate observed so far, once there is one. */
  eta_seconds?: number;
}

/** How long rows must have been arriving before their rate predicts anything. */
export const MIN_RATE_MS = 3000;

export class ProgressMeter {
  private received = 0;
  private total: number | undefined;
  private firstRowAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The plan's row total for the downloading tables (undefined: no plan, count tables only). */
  setTotal(total: number | undefined): void {
    this.total = total === undefined ? undefined : Math.max(0, Math.floor(total));
  }

  get rowsTotal(): number | undefined {
    return this.total;
  }

  addRows(n: number): void {
    if (n <= 0) return;
    this.firstRowAt ??= this.now();
    this.received += n;
  }

  progress(tablesDone: number, tablesTotal: number): InitialSyncProgress {
    const base = { tables_done: tablesDone, tables_total: tablesTotal };
    if (this.total === undefined) return { ...base, rows: this.received };
    const rows = Math.min(this.received, this.total);
    const eta = this.eta(rows, this.total);
    return { ...base, rows, rows_total: this.total, ...(eta !== undefined ? { eta_seconds: eta } : {}) };
  }

  private eta(rows: number, total: number): number | undefined {
    if (this.firstRowAt === undefined || rows === 0) return undefined;
    const elapsedMs = this.now() - this.firstRowAt;
    if (elapsedMs < MIN_RATE_MS) return undefined;
    const perMs = rows / elapsedMs;
    return Math.max(0, Math.ceil((total - rows) / perMs / 1000));
  }
}
