/**
 * Quick log and the interaction form save an interaction and its principal
 * chips as one command (interactions.log / interactions.update through the
 * COMMANDS table, as the channel runs them): one replica transaction, so a
 * failure of either half leaves neither in the replica nor in the outbox, and
 * a second "Log it" cannot log the interaction twice. On a real SQLite replica.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';

let core: TestCore;
let ids: Record<string, string>;
beforeEach(() => {
  core = openTestCore();
  const ctx = core.ctx;
  const org = (name: string, is_principal = false) =>
    c.createOrganization(ctx, { name, is_principal }).id;
  ids = {
    sunrise: org('Sunrise Dairy', true),
    crunch: org('Crunch Co', true),
    bistro: org('Bistro'),
  };
  ids.milk = c.createProduct(ctx, { principal_id: ids.sunrise, name: 'Whole Milk' }).id;
  ids.deal = c.createOpportunity(ctx, { name: 'Milk', organization_id: ids.bistro }).id;
  c.addOpportunityProduct(ctx, { opportunity_id: ids.deal, product_id: ids.milk });
});
afterEach(() => core.cleanup());

/** Run a command as its channel does: the contract's schema, then the core function. */
function run(name: 'interactions.log' | 'interactions.update', input: unknown) {
  const def = c.COMMANDS[name];
  return def.run(core.ctx, def.input.parse(input) as never) as { id: string; changed: string[] };
}

const outbox = () => core.t.replica.outbox.entries().map((e) => `${e.table}:${e.op}`);
const interactionCount = () =>
  (core.t.replica.stmt('SELECT count(*) AS n FROM interactions').get() as { n: number }).n;
const links = (interaction: string) =>
  core.t.replica
    .stmt(
      `SELECT principal_id, source, deleted_at IS NULL AS live FROM interaction_principals
       WHERE interaction_id = ? ORDER BY source, principal_id`,
    )
    .all(interaction);

describe('interactions.log with its chips', () => {
  it('writes the interaction, its chosen link and its removal in one go', () => {
    const before = outbox();
    const logged = run('interactions.log', {
      interaction_type: 'Phone Call',
      opportunity_id: ids.deal,
      principals: { chosen: [ids.crunch], removed: [ids.sunrise] },
    });
    expect(outbox().slice(before.length)).toEqual([
      'interactions:insert',
      'interaction_principals:insert',
      'interaction_principals:insert',
    ]);
    expect(links(logged.id)).toEqual([
      { principal_id: ids.crunch, source: 'chosen', live: 1 },
      { principal_id: ids.sunrise, source: 'removed', live: 1 },
    ]);
    expect(
      c.interactionPrincipalsFor(core.ctx, { interaction_id: logged.id, opportunity_id: ids.deal }),
    ).toMatchObject({ derived: [], removed: [{ id: ids.sunrise }], chosen: [{ id: ids.crunch }] });
  });

  it('leaves nothing half-written when the chips fail (a chip that is no principal)', () => {
    const before = outbox();
    const count = interactionCount();
    expect(() =>
      run('interactions.log', {
        interaction_type: 'Phone Call',
        opportunity_id: ids.deal,
        principals: { chosen: [ids.crunch], removed: [ids.bistro] },
      }),
    ).toThrow(/removed_principal_ids/);
    expect(interactionCount()).toBe(count);
    expect(outbox()).toEqual(before);
  });

  it('leaves nothing half-written when the interaction fails (dated in the future)', () => {
    const before = outbox();
    const count = interactionCount();
    expect(() =>
      run('interactions.log', {
        interaction_type: 'Phone Call',
        opportunity_id: ids.deal,
        interaction_date: '2030-01-01T00:00:00.000Z',
        principals: { chosen: [ids.crunch], removed: [] },
      }),
    ).toThrow();
    expect(interactionCount()).toBe(count);
    expect(outbox()).toEqual(before);
  });

  it('refuses a principal both chosen and removed, naming the field', () => {
    const parsed = c.COMMANDS['interactions.log'].input.safeParse({
      interaction_type: 'Phone Call',
      opportunity_id: ids.deal,
      principals: { chosen: [ids.crunch], removed: [ids.crunch] },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['principals.removed']);
  });
});

describe('interactions.update with its chips', () => {
  it("takes a removed principal's follow-ups out of its filter (the link rule minus removed links)", () => {
    const logged = run('interactions.log', {
      interaction_type: 'Meeting',
      opportunity_id: ids.deal,
      follow_up_date: '2026-03-03',
    });
    const about = () => c.followUps(core.ctx, { principal_id: ids.sunrise }).rows.map((r) => r.id);
    expect(about()).toEqual([logged.id]);
    run('interactions.update', {
      id: logged.id,
      principals: { chosen: [], removed: [ids.sunrise] },
    });
    expect(about()).toEqual([]);
  });

  it('removes a derived principal and re-adds it (the same removal row taken back), chips alone or with fields', () => {
    const logged = run('interactions.log', {
      interaction_type: 'Meeting',
      opportunity_id: ids.deal,
    });
    run('interactions.update', {
      id: logged.id,
      principals: { chosen: [], removed: [ids.sunrise] },
    });
    expect(links(logged.id)).toEqual([{ principal_id: ids.sunrise, source: 'removed', live: 1 }]);
    const before = outbox();
    run('interactions.update', {
      id: logged.id,
      notes: 'Sunrise after all',
      principals: { chosen: [], removed: [] },
    });
    expect(outbox().slice(before.length)).toEqual([
      'interactions:update',
      'interaction_principals:delete',
    ]);
    expect(links(logged.id)).toEqual([{ principal_id: ids.sunrise, source: 'removed', live: 0 }]);
  });

  it('leaves the fields unchanged when the chips fail', () => {
    const logged = run('interactions.log', {
      interaction_type: 'Meeting',
      opportunity_id: ids.deal,
    });
    const before = outbox();
    expect(() =>
      run('interactions.update', {
        id: logged.id,
        notes: 'never saved',
        principals: { chosen: [ids.bistro], removed: [] },
      }),
    ).toThrow(/principal_ids/);
    expect(outbox()).toEqual(before);
    expect(core.t.replica.getRow('interactions', logged.id)?.notes).toBeNull();
  });
});
