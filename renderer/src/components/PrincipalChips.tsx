/**
 * Which principals an interaction is about, as chips (issue 12). A combobox of
 * the principals the user chose: type to find one, Enter adds it, Backspace or
 * the chip's x removes it. Beside it the derived ones (the server keeps them
 * from the opportunity's products, or the principal the interaction is with):
 * each is a focusable chip that Backspace, Delete or its x removes (0018: "not
 * about this principal", kept however the opportunity changes); a removed one
 * stays in view, struck through, with a button that adds it back. With a
 * contact or customer alone (no opportunity), the principals of the
 * customer's open opportunities are suggested, and the one is pre-selected
 * when there is exactly one.
 * Saving is the caller's: usePrincipalChips gives the state, sent with the
 * interaction itself (principals: { chosen, removed }) in one command.
 */
import { Button, Group, MultiSelect, Pill, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
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

/** The chosen and removed principals of a form, reset with it, sent with the interaction as `principals`. */
export function usePrincipalChips() {
  const [chosen, setChosen] = useState<string[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const reset = useCallback(() => {
    setChosen([]);
    setRemoved([]);
  }, []);
  return { chosen, setChosen, removed, setRemoved, reset, payload: { chosen, removed } };
}

export function PrincipalChips({
  about,
  interactionId,
  value,
  onChange,
  removed,
  onRemovedChange,
}: {
  about: About | null;
  interactionId?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  removed: string[];
  onRemovedChange: (ids: string[]) => void;
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
  // A saved interaction's removals come back from the query apart from the derived ones.
  const derivable = [...(view.data?.derived ?? []), ...(view.data?.removed ?? [])];
  const derived = derivable.filter((p) => !removed.includes(p.id));
  const removedChips = derivable.filter((p) => removed.includes(p.id));
  const derivedIds = new Set(derivable.map((p) => p.id));

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
    // A saved interaction starts from its chosen links and removals; a new one from the one suggestion.
    const start = interactionId ? view.data.chosen.map((p) => p.id) : view.data.preselected;
    if (start.length) onChange(start);
    if (interactionId && view.data.removed.length)
      onRemovedChange(view.data.removed.map((p) => p.id));
  }, [view.data, touched, aboutKey, interactionId, onChange, onRemovedChange]);

  const removeDerived = (id: string) => {
    setTouched(true);
    onRemovedChange([...removed, id]);
  };
  const addBack = (id: string) => {
    setTouched(true);
    onRemovedChange(removed.filter((r) => r !== id));
  };

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
        <Group gap={6} role="group" aria-label="Principals from the opportunity">
          <Text size="xs" c="dimmed">
            Counted through the opportunity:
          </Text>
          {derived.map((p) => (
            <Pill
              key={p.id}
              tabIndex={0}
              withRemoveButton
              onRemove={() => removeDerived(p.id)}
              removeButtonProps={{ 'aria-label': `Remove ${p.name}`, tabIndex: -1 }}
              aria-label={`${p.name}, counted through the opportunity; Backspace removes it`}
              onKeyDown={(e) => {
                if (e.key === 'Backspace' || e.key === 'Delete') {
                  e.preventDefault();
                  removeDerived(p.id);
                }
              }}
              styles={{ root: { background: 'var(--mantine-color-teal-light)' } }}
            >
              {p.name}
            </Pill>
          ))}
        </Group>
      )}
      {removedChips.length > 0 && (
        <Group gap={6} role="group" aria-label="Removed principals">
          <Text size="xs" c="dimmed">
            Removed, not counted:
          </Text>
          {removedChips.map((p) => (
            <Button
              key={p.id}
              size="compact-xs"
              variant="default"
              td="line-through"
              aria-label={`Add ${p.name} back`}
              onClick={() => addBack(p.id)}
            >
              {p.name}
            </Button>
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
