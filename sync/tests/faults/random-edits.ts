/**
 * Seeded randomness for the multi-client fault test: a small PRNG (mulberry32,
 * so a seed replays the same run), random offline edits on organizations,
 * contacts and interactions (creates, updates, soft deletes, restores; picked
 * from a few rows so clients edit the same records concurrently, with some
 * edits the server must refuse), and random proxy faults.
 */
import { randomUUID } from 'node:crypto';
import type { LocalMutation } from '../../client/replica/index.ts';
import type { FaultClient } from './fault-client.ts';
import type { FaultRule } from './fault-proxy.ts';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const WORDS = ['Bistro', 'Deli', 'Grill', 'Market', 'Cafe', 'Diner', 'Kitchen', 'Tavern'];
const CITIES = ['Duluth', 'Fargo', 'Omaha', null];

/** A few of the client's rows of a table (merged view), lowest ids first, so clients overlap. */
function someRows(c: FaultClient, table: string, rng: Rng): { id: string; deleted_at: string | null }[] {
  const rows = c.replica.prepare(`SELECT id, deleted_at FROM "${table}" ORDER BY id LIMIT 4`).all() as { id: string; deleted_at: string | null }[];
  return rows.length ? [pick(rng, rows)] : [];
}

/** One random local edit of the client (undefined when there is nothing to edit yet). */
export function randomEdit(c: FaultClient, rng: Rng): LocalMutation | undefined {
  const table = pick(rng, ['organizations', 'contacts', 'interactions'] as const);
  const kind = rng();
  if (kind < 0.3) {
    const id = randomUUID();
    if (table === 'organizations') return { table, op: 'insert', row_id: id, workspace_id: c.workspaceId, changes: { name: `${pick(rng, WORDS)} ${c.label}` } };
    const [org] = someRows(c, 'organizations', rng);
    if (!org) return undefined;
    if (table === 'contacts') return { table, op: 'insert', row_id: id, workspace_id: c.workspaceId, changes: { organization_id: org.id, last_name: pick(rng, WORDS) } };
    return { table, op: 'insert', row_id: id, workspace_id: c.workspaceId, changes: { interaction_type: 'Note', organization_id: org.id, notes: `note by ${c.label}` } };
  }
  const [row] = someRows(c, table, rng);
  if (!row) return undefined;
  if (kind < 0.4) return { table, op: row.deleted_at ? 'restore' : 'delete', row_id: row.id };
  if (table === 'organizations') return { table, op: 'update', row_id: row.id, changes: rng() < 0.5 ? { name: `${pick(rng, WORDS)} ${Math.floor(rng() * 100)}` } : { city: pick(rng, CITIES) } };
  if (table === 'contacts') {
    // Sometimes both names empty: the server refuses it (invalid), depending on what others did.
    return { table, op: 'update', row_id: row.id, changes: rng() < 0.5 ? { first_name: rng() < 0.5 ? null : pick(rng, WORDS) } : { last_name: rng() < 0.3 ? null : pick(rng, WORDS) } };
  }
  // A follow-up date without "follow-up required" is refused by the server (invalid).
  return { table, op: 'update', row_id: row.id, changes: rng() < 0.7 ? { notes: `edited by ${c.label} ${Math.floor(rng() * 100)}` } : { follow_up_date: '2026-06-01' } };
}

/** One random network fault for the client's next requests. */
export function randomFault(rng: Rng): FaultRule {
  const mutations = { method: 'POST', path: '/v1/mutations' };
  const choices: FaultRule[] = [
    { ...mutations, action: { kind: 'drop-before' } },
    { ...mutations, action: { kind: 'drop-after' } },
    { ...mutations, action: { kind: 'cut' } },
    { ...mutations, action: { kind: 'duplicate', answerWith: rng() < 0.5 ? 'first' : 'second' } },
    { ...mutations, action: { kind: 'delay', ms: Math.floor(rng() * 200) } },
    { path: '/v1/shape', query: { live: 'true' }, action: { kind: 'cut' } },
    { path: '/v1/shape', query: { live: 'true' }, action: { kind: 'drop-before' } },
    { path: '/v1/shape', action: { kind: 'delay', ms: Math.floor(rng() * 200) } },
  ];
  return pick(rng, choices);
}
