import { describe, expect, it } from 'vitest';
import { syncDisplay } from './syncDisplay.ts';
import { parseSyncStatus } from './syncStatus.ts';

describe('parseSyncStatus', () => {
  const counts = { pending: 0, rejected: 0 };
  it("reads the core's own payload: table progress, last sync, why signed out", () => {
    expect(
      parseSyncStatus({
        state: 'initial_sync',
        ...counts,
        progress: { tables_done: 3, tables_total: 12, rows: 812 },
      }),
    ).toEqual({ state: 'initial_sync', progress: 0.25, rows: 812 });
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
});
