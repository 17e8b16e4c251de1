/**
 * One clock for every bench process: epoch milliseconds with sub-millisecond
 * resolution. Each process derives it from the system clock at its start
 * (performance.timeOrigin), so timestamps taken in different processes on this
 * machine compare to within a millisecond or so, far below the intervals measured.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
