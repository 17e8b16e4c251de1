/**
 * The live clients of a child process (light or poll-only) note when each
 * watched change reached them; this collects one change's times for the
 * parent and forgets it, so a long run holds only the changes in flight.
 */
export interface SeesChanges {
  /** Watched change id -> when it arrived here (wall clock ms), undefined until then. */
  seen: Map<string, number | undefined>;
}

/** When each client saw `id` (and how many never did); forgets the id. */
export function collectSeen(clients: Iterable<SeesChanges>, id: string): { at: number[]; missing: number } {
  const at: number[] = [];
  let missing = 0;
  for (const c of clients) {
    const when = c.seen.get(id);
    if (when === undefined) missing++;
    else at.push(when);
    c.seen.delete(id);
  }
  return { at, missing };
}
