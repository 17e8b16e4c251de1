import { describe, expect, it } from 'vitest';
import { syncDisplay, timeLeft } from './syncDisplay.ts';
import { parseSyncStatus } from './parseSyncStatus.ts';

describe('parseSyncStatus', () => {
  const counts = { pending: 0, rejected: 0 };
  it("reads the core's own payload: table progress, last sync, why signed out", () => {
    expect(
      parseSyncStatus({
        state: 'initial_sync',
        ...counts,
        progress: { tables_done: 3, tables_total: 12, rows: 812 },
      }),
    ).toEqual({ state: 'initial_sync', progress: 0.25, rows: 812, tablesDone: 3, tablesTotal: 12 });
    expect(
      parseSyncStatus({
        state: 'up_to_date',
        ...counts,
        last_synced_at: '2026-01-02T03:04:05.000Z',
      }),
    ).toEqual({ state: 'up_to_date', at: '2026-01-02T03:04:05.000Z' });
    expect(parseSyncStatus({ state: 'pushing', pending: 3, rejected: 0 })).toEqual({
      state: 'pushing',
      pending: 3,
    });
    expect(parseSyncStatus({ state: 'error', ...counts, reason: 'token expired' })).toEqual({
      state: 'error',
      reason: 'token expired',
    });
    expect(
      parseSyncStatus({
        state: 'signed_out',
        ...counts,
        reason: 'the server no longer accepts this sign-in',
      }),
    ).toEqual({ state: 'signed_out', reason: 'the server no longer accepts this sign-in' });
  });
  it('counts rows when the server gave their total, even while a big table holds the table count', () => {
    expect(
      parseSyncStatus({
        state: 'initial_sync',
        ...counts,
        progress: { tables_done: 12, tables_total: 13, rows: 12_400, rows_total: 326_054, eta_seconds: 20 },
      }),
    ).toEqual({
      state: 'initial_sync',
      progress: 12_400 / 326_054,
      rows: 12_400,
      rowsTotal: 326_054,
      etaSeconds: 20,
      tablesDone: 12,
      tablesTotal: 13,
    });
    // A total of zero rows says nothing: tables again.
    expect(
      parseSyncStatus({
        state: 'initial_sync',
        ...counts,
        progress: { tables_done: 1, tables_total: 4, rows: 0, rows_total: 0 },
      }),
    ).toMatchObject({ progress: 0.25 });
  });
  it('has no sync state for a local workspace', () => {
    expect(parseSyncStatus({ state: 'local', pending: 2, rejected: 0 })).toBeNull();
  });
});

describe('syncDisplay', () => {
  it('says in plain words that a local workspace is on this computer and shared with nobody', () => {
    expect(syncDisplay('local', null, { unsynced: 5, rejected: 0 })).toMatchObject({
      label: 'On this computer',
      detail: expect.stringMatching(
        /^Everything you add is saved on this computer.*Nothing is shared/,
      ),
    });
  });
  it('shows download progress and refusals on a server account', () => {
    expect(syncDisplay('server', { state: 'initial_sync', progress: 0.42 }, null)).toMatchObject({
      label: 'Downloading 42%',
      progress: 0.42,
    });
    expect(
      syncDisplay(
        'server',
        { state: 'up_to_date', at: new Date().toISOString() },
        { unsynced: 2, rejected: 2 },
      ),
    ).toMatchObject({ color: 'red', label: '2 refused' });
  });
  it('says rows of the total and the time left, or tables when rows have no total', () => {
    const rows = syncDisplay(
      'server',
      { state: 'initial_sync', progress: 12_400 / 326_054, rows: 12_400, rowsTotal: 326_054, etaSeconds: 20 },
      null,
    );
    expect(rows).toMatchObject({ label: 'Downloading 3%', progressText: '12,400 of 326,054 rows, about 20 s left' });
    expect(rows.detail).toContain('12,400 of 326,054 rows, about 20 s left');
    expect(
      syncDisplay('server', { state: 'initial_sync', progress: 0.999, rows: 999, rowsTotal: 1000 }, null),
    ).toMatchObject({ label: 'Downloading 99%', progressText: '999 of 1,000 rows' });
    expect(
      syncDisplay(
        'server',
        { state: 'initial_sync', progress: 3 / 13, rows: 812, tablesDone: 3, tablesTotal: 13 },
        null,
      ),
    ).toMatchObject({ label: 'Downloading 23%', progressText: '3 of 13 tables (812 records so far)' });
  });
  it('words the time left for people', () => {
    expect([undefined, 2, 20, 59.6, 61, 150, 3600, 3900].map(timeLeft)).toEqual([
      '',
      'almost done',
      'about 20 s left',
      'about 1 min left',
      'about 1 min left',
      'about 3 min left',
      'about 1 h left',
      'about 1 h 5 min left',
    ]);
  });
});
