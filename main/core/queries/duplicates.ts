/**
 * Likely duplicates, asked before a create (the UI warns) and by CSV import.
 * One pass over the workspace's live rows of the table, scored in JavaScript:
 * a scan of 10k organizations or 50k contacts takes milliseconds, and fuzzy
 * name matching cannot use an index anyway.
 */
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import {
  domainKey,
  emailKey,
  nameSimilarity,
  normalizeOrgName,
  normalizePersonName,
  phoneKey,
} from './similarity.ts';
import {
  contactDuplicatesInput,
  organizationDuplicatesInput,
  type DuplicateReason,
} from '../../ipc/contract/index.ts';

export { contactDuplicatesInput, organizationDuplicatesInput };

export type { DuplicateReason };

export interface DuplicateCandidate {
  id: string;
  label: string;
  reasons: DuplicateReason[];
  /** 0..1, the strongest signal (same email 1, same domain 0.8, names by similarity, raised by the same phone). */
  score: number;
}

const NAME_THRESHOLD = 0.75;

/**
 * A name a little further off still counts when the phone is the same too. A
 * shared phone alone never makes a duplicate: a switchboard or a family
 * business line is shared by different people (and companies).
 */
const NAME_THRESHOLD_WITH_PHONE = 0.6;

/** Why one row looks like the new record; its score is the strongest reason. */
class Match {
  reasons: DuplicateReason[] = [];
  score = 0;
  private samePhone = false;
  add(reason: DuplicateReason, score: number): void {
    this.reasons.push(reason);
    this.score = Math.max(this.score, score);
  }
  /** The signals both tables share: the same email address, the same phone number. */
  contact(
    mine: { email: string | null; phone: string | null },
    theirs: { email: string | null; phone: string | null },
  ): void {
    if (mine.email && emailKey(theirs.email) === mine.email) this.add('same_email', 1);
    if (mine.phone && phoneKey(theirs.phone) === mine.phone) this.samePhone = true;
  }
  /** A name this similar is a reason; the same phone as well lowers the bar and raises the score. */
  name(similarity: number, threshold: number): void {
    const bar = this.samePhone ? Math.min(threshold, NAME_THRESHOLD_WITH_PHONE) : threshold;
    if (similarity < bar) return;
    this.add('similar_name', similarity);
    if (this.samePhone) this.add('same_phone', Math.min(0.95, similarity + 0.15));
  }
  candidate(id: string, label: string): DuplicateCandidate | null {
    return this.reasons.length ? { id, label, reasons: this.reasons, score: this.score } : null;
  }
}

function rank(list: DuplicateCandidate[], limit: number): DuplicateCandidate[] {
  return list.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label)).slice(0, limit);
}

export function findDuplicateOrganizations(
  ctx: CoreContext,
  input: z.input<typeof organizationDuplicatesInput>,
): DuplicateCandidate[] {
  const p = organizationDuplicatesInput.parse(input);
  const name = p.name ? normalizeOrgName(p.name) : '';
  const email = emailKey(p.email);
  const phone = phoneKey(p.phone);
  const domains = new Set(
    [domainKey(p.website), domainKey(p.email)].filter((d): d is string => d !== null),
  );
  const rows = ctx.replica
    .stmt(
      'SELECT id, name, email, phone, website FROM organizations WHERE workspace_id = ? AND deleted_at IS NULL',
    )
    .all(ctx.workspaceId) as {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    website: string | null;
  }[];
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    if (r.id === p.exclude_id) continue;
    const m = new Match();
    m.contact({ email, phone }, r);
    const theirs = [domainKey(r.website), domainKey(r.email)];
    if (theirs.some((d) => d !== null && domains.has(d))) m.add('same_domain', 0.8);
    if (name) m.name(nameSimilarity(name, normalizeOrgName(r.name)), NAME_THRESHOLD);
    const found = m.candidate(r.id, r.name);
    if (found) out.push(found);
  }
  return rank(out, p.limit);
}

export function findDuplicateContacts(
  ctx: CoreContext,
  input: z.input<typeof contactDuplicatesInput>,
): DuplicateCandidate[] {
  const p = contactDuplicatesInput.parse(input);
  const name = normalizePersonName(p.first_name, p.last_name);
  const email = emailKey(p.email);
  const phone = phoneKey(p.phone);
  const rows = ctx.replica
    .stmt(
      `SELECT id, first_name, last_name, email, phone, organization_id FROM contacts
       WHERE workspace_id = ? AND deleted_at IS NULL`,
    )
    .all(ctx.workspaceId) as {
    id: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    phone: string | null;
    organization_id: string | null;
  }[];
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    if (r.id === p.exclude_id) continue;
    const m = new Match();
    m.contact({ email, phone }, r);
    // Two John Smiths at different companies are two people: names count within one organization (or when one is unknown).
    const sameOrg =
      !p.organization_id || !r.organization_id || p.organization_id === r.organization_id;
    if (name && sameOrg)
      m.name(nameSimilarity(name, normalizePersonName(r.first_name, r.last_name)), 0.85);
    const found = m.candidate(r.id, [r.first_name, r.last_name].filter(Boolean).join(' '));
    if (found) out.push(found);
  }
  return rank(out, p.limit);
}

export const organizationDuplicatesQuery = defineQuery({
  name: 'organizations.duplicates',
  tables: ['organizations'],
  input: organizationDuplicatesInput,
  run: findDuplicateOrganizations,
});

export const contactDuplicatesQuery = defineQuery({
  name: 'contacts.duplicates',
  tables: ['contacts'],
  input: contactDuplicatesInput,
  run: findDuplicateContacts,
});
