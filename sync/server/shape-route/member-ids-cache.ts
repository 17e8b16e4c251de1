/**
 * A workspace's member ids for the `users` shape, reused for a few seconds.
 *
 * Why: the `users` shape's definition lists the workspace's members, so every
 * `users` request read them in its own PostgreSQL transaction, and every live
 * desktop asks again at least every long-poll timeout (20 s): one transaction
 * per client per 20 s for a list that rarely changes.
 *
 * Why it is safe: the list is read as the requesting member, under RLS, and
 * the policy ("members see who belongs to their workspaces") gives every member
 * of a workspace the same rows, so it is keyed by workspace only and served
 * only to sessions of that workspace. A member removed announces itself on
 * crm_access, which moves the access watch's epoch and voids every entry; a
 * member added (no announcement) appears within `ttlMs`, well inside the long
 * poll a live `users` request already holds before it asks again.
 */
export class MemberIdsCache {
  private readonly entries = new Map<string, { ids: Promise<string[]>; epoch: number; expiresAt: number }>();

  constructor(
    private readonly epoch: () => number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached list of `workspaceId`, or `read()` (shared by concurrent callers; a failure is not kept). */
  get(workspaceId: string, read: () => Promise<string[]>): Promise<string[]> {
    const e = this.entries.get(workspaceId);
    const epoch = this.epoch();
    if (e && e.epoch === epoch && this.now() < e.expiresAt) return e.ids;
    const ids = read();
    this.entries.set(workspaceId, { ids, epoch, expiresAt: this.now() + this.ttlMs });
    ids.catch(() => {
      if (this.entries.get(workspaceId)?.ids === ids) this.entries.delete(workspaceId);
    });
    return ids;
  }
}
