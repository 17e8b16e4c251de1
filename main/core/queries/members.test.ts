/** members.list on a real replica file: current members by name; former ones only when asked, after them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { members } from './members.ts';

let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.cleanup());

const stamp = { created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };

function addMember(
  name: string,
  role: string,
  opts: { removed?: boolean; disabled?: boolean; workspaceId?: string } = {},
): string {
  const id = uuidv7();
  core.serverInsert('users', [
    {
      id,
      email: `${name.toLowerCase()}@acme.test`,
      display_name: name,
      disabled_at: opts.disabled ? '2026-02-01T00:00:00Z' : null,
    },
  ]);
  core.serverInsert('workspace_members', [
    {
      id: uuidv7(),
      workspace_id: opts.workspaceId ?? core.workspaceId,
      user_id: id,
      role,
      ...stamp,
      deleted_at: opts.removed ? '2026-02-01T00:00:00Z' : null,
    },
  ]);
  return id;
}

describe('members.list', () => {
  it('lists the current members of this workspace by name, with role', () => {
    addMember('Avery', 'manager');
    addMember('Zed', 'rep', { removed: true });
    addMember('Dana', 'admin', { disabled: true });
    addMember('Other', 'rep', { workspaceId: uuidv7() });
    expect(members(core.ctx).map((m) => [m.display_name, m.role, m.former])).toEqual([
      ['Avery', 'manager', false],
      ['Riley Rep', 'rep', false],
    ]);
  });

  it('adds former members after the current ones when asked', () => {
    addMember('Zed', 'rep', { removed: true });
    addMember('Dana', 'admin', { disabled: true });
    expect(
      members(core.ctx, { include_former: true }).map((m) => [m.display_name, m.former]),
    ).toEqual([
      ['Riley Rep', false],
      ['Dana', true],
      ['Zed', true],
    ]);
  });
});
