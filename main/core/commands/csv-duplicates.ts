/**
 * Exact-signal duplicate detection for imports: one pass builds maps of the
 * existing records' keys (normalized name, email, phone digits, web domain),
 * then each row is a few map lookups, and is added to the maps so the file's
 * own repeats are caught too. (The fuzzy name match of the duplicates query is
 * per candidate, too slow for ten thousand rows at once.)
 */
import type { CoreContext } from '../context.ts';
import type { DuplicateReason } from '../queries/duplicates.ts';
import type { CsvTable } from './csv-columns.ts';
import {
  domainKey,
  emailKey,
  normalizeOrgName,
  normalizePersonName,
  phoneKey,
} from '../queries/similarity.ts';

export interface ImportDuplicate {
  /** The existing record, or the id given to an earlier row of the file. */
  id: string | null;
  label: string;
  reason: DuplicateReason;
}

type Keyed = { reason: DuplicateReason; key: string | null };

function keysOf(table: CsvTable, v: Record<string, unknown>): Keyed[] {
  // Opportunities and interactions have no identity outside the app to match on.
  if (table === 'opportunities' || table === 'interactions') return [];
  const s = (x: unknown) => (typeof x === 'string' ? x : null);
  if (table === 'organizations') {
    const name = s(v.name) ? normalizeOrgName(s(v.name)!) : null;
    return [
      { reason: 'similar_name', key: name || null },
      { reason: 'same_email', key: emailKey(s(v.email)) },
      { reason: 'same_phone', key: phoneKey(s(v.phone)) },
      { reason: 'same_domain', key: domainKey(s(v.website)) },
      { reason: 'same_domain', key: domainKey(s(v.email)) },
    ];
  }
  const person = normalizePersonName(s(v.first_name), s(v.last_name));
  return [
    { reason: 'similar_name', key: person ? `${person}|${s(v.organization_id) ?? ''}` : null },
    { reason: 'same_email', key: emailKey(s(v.email)) },
    { reason: 'same_phone', key: phoneKey(s(v.phone)) },
  ];
}

function labelOf(table: CsvTable, v: Record<string, unknown>): string {
  return table === 'organizations'
    ? String(v.name ?? '')
    : [v.first_name, v.last_name].filter(Boolean).join(' ');
}

export function importDuplicateIndex(ctx: CoreContext, table: CsvTable) {
  const index = new Map<string, { id: string | null; label: string }>();
  const add = (values: Record<string, unknown>, id: string | null) => {
    for (const k of keysOf(table, values)) {
      if (k.key && !index.has(`${k.reason}:${k.key}`))
        index.set(`${k.reason}:${k.key}`, { id, label: labelOf(table, values) });
    }
  };
  const cols =
    table === 'organizations'
      ? 'id, name, email, phone, website'
      : 'id, first_name, last_name, email, phone, organization_id';
  const existing =
    table === 'organizations' || table === 'contacts'
      ? (ctx.replica
          .stmt(`SELECT ${cols} FROM ${table} WHERE workspace_id = ? AND deleted_at IS NULL`)
          .all(ctx.workspaceId) as Record<string, unknown>[])
      : [];
  for (const row of existing) add(row, row.id as string);
  return {
    check(values: Record<string, unknown>): ImportDuplicate[] {
      const found = new Map<string, ImportDuplicate>();
      for (const k of keysOf(table, values)) {
        const hit = k.key ? index.get(`${k.reason}:${k.key}`) : undefined;
        if (hit && !found.has(`${hit.id}:${k.reason}`))
          found.set(`${hit.id}:${k.reason}`, { ...hit, reason: k.reason });
      }
      // A shared phone alone is not a duplicate (a switchboard): it counts only beside another signal.
      const strong = new Set(
        [...found.values()].filter((d) => d.reason !== 'same_phone').map((d) => d.id),
      );
      return [...found.values()].filter((d) => strong.has(d.id));
    },
    add,
  };
}
