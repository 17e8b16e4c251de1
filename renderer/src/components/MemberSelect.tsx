/**
 * Picks a member of the workspace (an opportunity's owner, an organization's
 * account manager). Former members stay listed, greyed out, so an old record's
 * owner keeps a name, but cannot be chosen for it again.
 */
import { Select } from '@mantine/core';
import { useQuery } from '../hooks/useQuery.ts';

export function MemberSelect({
  label,
  value,
  onChange,
  placeholder,
  error,
  description,
  disabled,
  ariaLabel,
}: {
  label: string;
  value: string | null | undefined;
  onChange: (userId: string | null) => void;
  placeholder?: string;
  error?: string | undefined;
  description?: string | undefined;
  disabled?: boolean;
  /** The accessible name where the select shows no label (a filter bar). */
  ariaLabel?: string;
}) {
  const members = useQuery('members.list', { include_former: true });
  const data = (members.data ?? []).map((m) => ({
    value: m.user_id,
    label: m.former ? `${m.display_name} (no longer a member)` : m.display_name,
    disabled: m.former,
  }));
  return (
    <Select
      label={label}
      data={data}
      value={value ?? null}
      onChange={(v) => onChange(v)}
      placeholder={placeholder}
      description={description}
      searchable
      clearable
      nothingFoundMessage="No member by that name"
      error={error}
      disabled={disabled ?? false}
      {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}
    />
  );
}
