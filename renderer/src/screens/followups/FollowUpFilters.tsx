/** The follow-up list's filters beyond urgency: whose (Mine / Team), a principal, an assignee. */
import { Group, Select } from '@mantine/core';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { ScopeSwitch } from '../../components/ScopeSwitch.tsx';
import { useQuery } from '../../hooks/useQuery.ts';
import type { Scope } from '../../hooks/useScope.ts';

export function FollowUpFilters({
  scope,
  principalId,
  assigneeId,
  onChange,
}: {
  scope: Scope;
  principalId: string | null;
  assigneeId: string | null;
  onChange: (next: { principal?: string | null; assignee?: string | null }) => void;
}) {
  const principals = useQuery('organizations.list', { is_principal: true, limit: 200 });
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <ScopeSwitch screen="follow_ups" mineLabel="follow-ups assigned to you" />
      <Select
        aria-label="Principal"
        placeholder="Any principal"
        data={(principals.data?.rows ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={principalId}
        onChange={(v) => onChange({ principal: v })}
        searchable
        clearable
        w={200}
      />
      {/* "Mine" already names the assignee: the picker is for looking at one teammate's. */}
      {scope === 'team' && (
        <div style={{ width: 200 }}>
          <MemberSelect
            label=""
            ariaLabel="Assigned to"
            placeholder="Anyone assigned"
            value={assigneeId}
            onChange={(v) => onChange({ assignee: v })}
          />
        </div>
      )}
    </Group>
  );
}
