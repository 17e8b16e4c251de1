/**
 * Which principals an interaction is about, as chips (issue 12). Derived ones
 * come first and cannot be removed here: the server keeps them from the
 * opportunity's products (or the principal the interaction is with), so they
 * change with the opportunity, not with a chip. After them, a combobox of the
 * principals the user chose: type to find one, Enter adds it, Backspace or the
 * chip's x removes it. With a contact or customer alone (no opportunity), the
 * principals of the customer's open opportunities are suggested, and the one
 * is pre-selected when there is exactly one.
 * Saving is the caller's: usePrincipalChips gives the state and the save.
 */
import { Badge, Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCommand } from '../hooks/useCommand.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { ABOUT_FIELD, type About } from '../lib/about.ts';

/** What a saved interaction is about, for the chips: its opportunity, else its contact, else its organization. */
export function aboutOf(v: {
  opportunity_id?: unknown;
  contact_id?: unknown;
  organization_id?: unknown;
}): About | null {
  if (v.opportunity_id) return { table: 'opportunities', id: String(v.opportunity_id), label: '' };
  if (v.contact_id) return { table: 'contacts', id: String(v.contact_id), label: '' };
  if (v.organization_id)
    return { table: 'organizations', id: String(v.organization_id), label: '' };
  return null;
}

/** The chosen principals of a form, reset with it, and their save after the interaction's own. */
export function usePrincipalChips() {
  const [chosen, setChosen] = useState<string[]>([]);
  const command = useCommand('interactions.set_principals');
  const reset = useCallback(() => setChosen([]), []);
  return {
    chosen,
    setChosen,
    reset,
    error: command.error,
    save: (interactionId: string) =>
      command.run({ interaction_id: interactionId, principal_ids: chosen }),
  };
}

export function PrincipalChips({
  about,
  interactionId,
  value,
  onChange,
}: {
  about: About | null;
  interactionId?: string;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const view = useQuery(
    'interactions.principals',
    {
      ...(about ? { [ABOUT_FIELD[about.table]]: about.id } : {}),
      ...(interactionId ? { interaction_id: interactionId } : {}),
    },
    { enabled: about !== null || interactionId !== undefined },
  );
  const principals = useQuery('organizations.list', { is_principal: true, limit: 200 });
  const derived = view.data?.derived ?? [];
  const derivedIds = new Set(derived.map((p) => p.id));

  // Pre-select the one suggestion once per "about"; the user's own changes are kept after that.
  const preselectedFor = useRef<string | null>(null);
  const aboutKey = about ? `${about.table}:${about.id}` : null;
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    setTouched(false);
  }, [aboutKey]);
  useEffect(() => {
    if (!view.data || touched || preselectedFor.current === aboutKey) return;
    preselectedFor.current = aboutKey;
    // A saved interaction starts from its chosen links; a new one from the one suggestion.
    const start = interactionId ? view.data.chosen.map((p) => p.id) : view.data.preselected;
    if (start.length) onChange(start);
  }, [view.data, touched, aboutKey, interactionId, onChange]);

  const change = (ids: string[]) => {
    setTouched(true);
    onChange(ids);
  };
  const options = (principals.data?.rows ?? [])
    .filter((p) => !derivedIds.has(String(p.id)))
    .map((p) => ({ value: String(p.id), label: String(p.name) }));
  const suggested = (view.data?.suggested ?? []).filter((p) => !value.includes(p.id));

  return (
    <Stack gap={6}>
      <MultiSelect
        label="Principals discussed"
        description={
          derived.length
            ? undefined
            : 'Each one chosen counts this interaction on its dashboard card'
        }
        placeholder={value.length ? undefined : 'Type a principal'}
        data={options}
        value={value}
        onChange={change}
        searchable
        clearable
        hidePickedOptions
        // Typing highlights the first match, so Enter adds it: chips by keyboard alone.
        selectFirstOptionOnChange
        nothingFoundMessage="No principal by that name"
        aria-label="Principals discussed"
      />
      {derived.length > 0 && (
        <Group gap={6} aria-label="Principals from the opportunity">
          <Text size="xs" c="dimmed">
            Counted through the opportunity:
          </Text>
          {derived.map((p) => (
            <Badge key={p.id} variant="light" color="teal" radius="sm">
              {p.name}
            </Badge>
          ))}
        </Group>
      )}
      {suggested.length > 0 && (
        <Group gap={6} aria-label="Suggested principals">
          <Text size="xs" c="dimmed">
            Open opportunities here:
          </Text>
          {suggested.map((p) => (
            <Button
              key={p.id}
              size="compact-xs"
              variant="default"
              onClick={() => change([...value, p.id])}
            >
              + {p.name}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}
