/** Test organizations: a row as the server sends it, and a snapshot streamed through staging and swapped in as a first download or a refetch does. */
import { beginStaging, stageChanges } from '../replica/snapshot-staging.ts';
import { uuidv7 } from '../replica/uuidv7.ts';
import type { Replica } from '../replica/replica.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';

/** An organizations row as the server sends it (a new id unless `overrides` names one). */
export function organizationRow(name: string, notes: string, overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    workspace_id: WS,
    name,
    is_principal: false,
    is_distributor: false,
    notes,
    created_at: '2026-03-01 09:00:00.123456+00',
    updated_at: '2026-03-01 09:00:00.123456+00',
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
    ...overrides,
  };
}

/** Streams `n` organizations (notes of a few hundred bytes each) in 500-row batches, then swaps them in. */
export function streamOrganizationSnapshot(replica: Replica, n: number): void {
  beginStaging(replica, 'organizations');
  const rows = Array.from({ length: n }, (_, i) => ({
    op: 'insert' as const,
    row: organizationRow(`Org ${i}`, `visit notes ${i} `.repeat(30)),
  }));
  for (let i = 0; i < n; i += 500) stageChanges(replica, 'organizations', rows.slice(i, i + 500));
  replica.fromServer.replaceFromStaging('organizations', { shape: { handle: 'h', offset: '1_0' } });
}
