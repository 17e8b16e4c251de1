/**
 * What happens to drafted interactions before they become rows: follow-ups
 * (overdue, due today, upcoming, done), a few deleted by their author, a
 * guarantee that every type, sentiment and follow-up state shows up whatever
 * the draws did, and finally the notes, written last so that they agree with
 * the type, sentiment and follow-up finally chosen.
 */
import { DAY_MS, isoDate, isoTimestamp, weekday, type Anchor } from './dates.ts';
import type { InteractionRow } from './model.ts';
import {
  INTERACTION_TYPES,
  SENTIMENTS,
  type InteractionType,
  type Sentiment,
} from '../../sync/schema/index.ts';
import { interactionNote, type NoteContext, type NoteKind } from './notes.ts';
import type { Rng } from './random.ts';

export interface Draft {
  row: InteractionRow;
  /** Days before the anchor, and the moment itself. */
  day: number;
  at: number;
  kind: NoteKind;
  note: NoteContext;
  closing?: 'won' | 'stalled' | 'noFit';
  /** The latest touch on a deal still open: the one most likely to carry a follow-up. */
  openTail: boolean;
}

/** `fuDay` counts days before the anchor like `day`: 0 = due on the anchor day, negative = after it. */
function setFollowUp(rng: Rng, anchor: Anchor, d: Draft, fuDay: number, done: boolean): void {
  d.row.follow_up_required = true;
  d.row.follow_up_date = isoDate(anchor.dayStart(fuDay));
  d.row.follow_up_done_at = null;
  if (done) {
    const doneDay = Math.min(d.day, Math.max(1, fuDay + rng.int(-2, 2)));
    const doneAt = Math.max(anchor.workTime(doneDay, rng.int(0, 599)), d.at + 3_600_000);
    d.row.follow_up_done_at = isoTimestamp(Math.min(doneAt, anchor.ms - 60_000));
  }
}

/** A quarter of touches set a follow-up (most open deals' last touch does); most past ones got done. */
export function scheduleFollowUps(rng: Rng, anchor: Anchor, drafts: Draft[]): void {
  for (const d of drafts) {
    if (!rng.chance(d.openTail ? 0.6 : 0.25)) continue;
    const fuDay = d.day - rng.int(1, 21);
    setFollowUp(rng, anchor, d, fuDay, fuDay > 0 && rng.chance(0.8));
  }
}

/** A few entries deleted by their author (typos, duplicates), some days after the fact. */
export function trashSome(rng: Rng, anchor: Anchor, drafts: Draft[]): void {
  for (const d of drafts) {
    if (d.row.deleted_at === null && rng.chance(0.005)) {
      d.row.deleted_at = isoTimestamp(Math.min(d.at + rng.int(1, 10) * DAY_MS, anchor.ms - 60_000));
    }
  }
}

/** Every follow-up state, type and sentiment among live interactions, changing as few drafts as possible. */
export function ensureCoverage(rng: Rng, anchor: Anchor, drafts: Draft[]): void {
  const live = drafts.filter((d) => d.row.deleted_at === null);
  // Most recent first: a follow-up due today belongs on a recent touch.
  const spare = live.filter((d) => !d.closing).sort((a, b) => a.day - b.day);
  const used = new Set<Draft>();
  const take = (ok: (d: Draft) => boolean) => {
    const d = spare.find((x) => !used.has(x) && ok(x));
    if (d) used.add(d);
    return d;
  };
  const state = (d: Draft) => {
    if (!d.row.follow_up_required || !d.row.follow_up_date) return 'none';
    if (d.row.follow_up_done_at) return 'done';
    const due = Date.parse(`${d.row.follow_up_date}T00:00:00Z`);
    return due < anchor.ms ? 'overdue' : due === anchor.ms ? 'due' : 'upcoming';
  };
  const has = (s: string) => live.some((d) => state(d) === s);
  const free = (d: Draft) => !d.row.follow_up_required;
  const olderFree = (d: Draft) => free(d) && d.day >= 2;
  let d: Draft | undefined;
  if (!has('due') && (d = take(free))) setFollowUp(rng, anchor, d, 0, false);
  if (!has('upcoming') && (d = take(free))) setFollowUp(rng, anchor, d, -rng.int(2, 10), false);
  if (!has('overdue') && (d = take(olderFree)))
    setFollowUp(rng, anchor, d, rng.int(1, d.day - 1), false);
  if (!has('done') && (d = take(olderFree)))
    setFollowUp(rng, anchor, d, rng.int(1, d.day - 1), true);
  cover(
    INTERACTION_TYPES,
    live,
    (x) => x.row.interaction_type,
    (x, v) => (x.row.interaction_type = v),
    take,
  );
  cover(
    SENTIMENTS,
    live,
    (x) => x.row.sentiment,
    (x, v) => (x.row.sentiment = v),
    take,
  );
}

/** Gives each missing value to a draft whose current value is not the last of its kind. */
function cover<T extends string>(
  values: readonly T[],
  drafts: Draft[],
  get: (d: Draft) => string,
  set: (d: Draft, v: T) => void,
  take: (ok: (d: Draft) => boolean) => Draft | undefined,
): void {
  const counts = new Map<string, number>();
  for (const d of drafts) counts.set(get(d), (counts.get(get(d)) ?? 0) + 1);
  for (const v of values) {
    if (counts.get(v)) continue;
    const d = take((x) => (counts.get(get(x)) ?? 0) > 1);
    if (!d) return;
    counts.set(get(d), (counts.get(get(d)) ?? 0) - 1);
    set(d, v);
    counts.set(v, 1);
  }
}

export function writeNotes(rng: Rng, drafts: Draft[]): void {
  for (const d of drafts) {
    // "call back Thursday": the follow-up's weekday, or a couple of days out.
    const when = d.row.follow_up_date
      ? Date.parse(`${d.row.follow_up_date}T12:00:00Z`)
      : d.at + 2 * DAY_MS;
    d.row.notes = interactionNote(
      rng,
      d.kind,
      d.row.interaction_type as InteractionType,
      d.row.sentiment as Sentiment,
      { ...d.note, weekday: weekday(when) },
      { closing: d.closing, followUp: d.row.follow_up_required && !d.closing },
    );
  }
}
