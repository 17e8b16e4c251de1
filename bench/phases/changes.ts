/**
 * Measures change propagation, one change at a time: the reader (and the light
 * clients, when given) watch a new id; the writer quick-logs an interaction
 * with that id through its real command, outbox and push loop to the server.
 *
 * "commit -> visible": from the commit of the server transaction that inserted
 * the row, as PostgreSQL recorded it (commit-times.ts), to the moment the
 * SQLite transaction that brought the row into the other client's replica
 * committed (its onCommit listener). "command -> visible" starts when the
 * writer's quick-log command starts. Every timestamp is taken where it
 * happens, never after an IPC hop (bench/clock.ts). A change not visible
 * within TIMEOUT_MS counts as TIMEOUT_MS. Poll-only clients (when given) have
 * no replica: theirs is "commit -> answer": the moment the long-poll answer
 * carrying the row had arrived and been parsed (bench/client/poll-clients.ts).
 */
import { z } from 'zod';
import { uuidv7 } from '../../sync/client/replica/index.ts';
import { markerResult, timedEvent } from '../client/full-client.ts';
import { interactionCommitTimes } from '../commit-times.ts';
import type { BenchContext } from '../context.ts';
import type { FullClient } from './full-client.ts';
import type { LightFleet } from './light-fleet.ts';

export const TIMEOUT_MS = 10_000;
/** How long the writer may wait for the server's answer before the run is declared broken. */
const ANSWER_TIMEOUT_MS = 120_000;
/** Changes slower than this for some client are counted in the log (they decide the p99). */
const SLOW_MS = 1000;

const appliedEvent = timedEvent.extend({ rejected: z.boolean().optional() });

export interface ChangeSamples {
  /** commit -> visible in the reader, ms. */
  reader: number[];
  /** command start -> visible in the reader, ms. */
  commandToReader: number[];
  /** commit -> the writer recorded the server's answer, ms. */
  commitToAnswer: number[];
  /** commit -> visible in each light client, ms (every client, every change). */
  light: number[];
  /** commit -> the answer carrying the row reached each poll-only client, ms (every client, every change). */
  polls: number[];
  /** Changes some light client or the reader missed (not the poll-only clients'). */
  timeouts: number;
  /** Poll-only clients' misses, counted apart. */
  pollTimeouts: number;
}

interface Observed {
  id: string;
  commandStart: number;
  answeredAt: number;
  readerAt: number | undefined;
  lightAt: number[];
  lightMissing: number;
  pollAt: number[];
  pollMissing: number;
}

export async function measureChanges(
  b: BenchContext,
  writer: FullClient,
  reader: FullClient,
  contactIds: string[],
  changes: number,
  fleet?: LightFleet,
  polls?: LightFleet,
): Promise<ChangeSamples> {
  const observed: Observed[] = [];
  for (let i = 0; i < changes; i++) {
    const id = uuidv7();
    await reader.child.request('watch', [id], z.null());
    if (fleet) await fleet.watch(id);
    if (polls && polls.count > 0) await polls.watch(id);
    const visible = reader.child.waitEvent('visible', id, TIMEOUT_MS);
    const applied = writer.child.waitEvent('applied', id, ANSWER_TIMEOUT_MS);
    const cmd = await writer.child.request('log_marker', { id, contact_id: contactIds[i % contactIds.length]! }, markerResult);
    const answer = appliedEvent.safeParse(await applied);
    if (!answer.success) throw new Error(`change ${i + 1}: the server did not answer the writer's mutation ${id} within ${ANSWER_TIMEOUT_MS} ms`);
    if (answer.data.rejected) throw new Error(`the server rejected the marker ${id}`);
    const seen = timedEvent.safeParse(await visible);
    const none = { at: [], missing: 0 };
    const [light, poll] = await Promise.all([
      fleet ? fleet.collect(id, TIMEOUT_MS) : none,
      polls && polls.count > 0 ? polls.collect(id, TIMEOUT_MS) : none,
    ]);
    if ((i + 1) % 100 === 0) b.log(`  ${i + 1}/${changes} changes`);
    observed.push({ id, commandStart: cmd.command_start, answeredAt: answer.data.at, readerAt: seen.success ? seen.data.at : undefined, lightAt: light.at, lightMissing: light.missing, pollAt: poll.at, pollMissing: poll.missing });
  }

  const committed = await interactionCommitTimes(b.server.adminUrl, observed.map((o) => o.id));
  const out: ChangeSamples = { reader: [], commandToReader: [], commitToAnswer: [], light: [], polls: [], timeouts: 0, pollTimeouts: 0 };
  const slow: { at: number; ms: number }[] = [];
  for (const o of observed) {
    const commit = committed.get(o.id);
    if (commit === undefined) throw new Error(`interaction ${o.id} has no commit timestamp (is track_commit_timestamp on?)`);
    out.commitToAnswer.push(o.answeredAt - commit);
    if (o.readerAt === undefined) {
      out.reader.push(TIMEOUT_MS);
      out.commandToReader.push(TIMEOUT_MS);
      out.timeouts++;
    } else {
      out.reader.push(o.readerAt - commit);
      out.commandToReader.push(o.readerAt - o.commandStart);
    }
    const slowest = Math.max(o.readerAt === undefined ? TIMEOUT_MS : o.readerAt - commit, ...o.lightAt.map((t) => t - commit), ...o.pollAt.map((t) => t - commit));
    if (slowest >= SLOW_MS) slow.push({ at: commit, ms: slowest });
    for (const t of o.lightAt) out.light.push(t - commit);
    for (let k = 0; k < o.lightMissing; k++) out.light.push(TIMEOUT_MS);
    out.timeouts += o.lightMissing;
    for (const t of o.pollAt) out.polls.push(t - commit);
    for (let k = 0; k < o.pollMissing; k++) out.polls.push(TIMEOUT_MS);
    out.pollTimeouts += o.pollMissing;
  }
  if (slow.length > 0) {
    const worst = slow.sort((x, y) => y.ms - x.ms).slice(0, 3).map((w) => `${w.ms.toFixed(0)} ms at ${new Date(w.at).toISOString().slice(11, 23)}`);
    b.log(`  ${slow.length} of ${changes} changes reached some client after ${SLOW_MS} ms or more; slowest: ${worst.join(', ')}`);
  }
  return out;
}
