/**
 * "Who or what is this about?" for the quick log: one box that finds contacts,
 * opportunities and organizations (the global search channel); before anything
 * is typed it offers the contacts talked to most recently.
 */
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { invoke } from '../api/transport.ts';
import type { About, AboutTable } from '../lib/about.ts';
import { personName } from '../lib/format.ts';

const GROUP: Record<AboutTable, string> = {
  contacts: 'Contacts',
  opportunities: 'Opportunities',
  organizations: 'Organizations',
};

export interface AboutPickerProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: About | null;
  onChange: (about: About | null) => void;
}

export function AboutPicker({ value, onChange, ...rest }: AboutPickerProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 120);
  const [hits, setHits] = useState<About[]>([]);
  const [loading, setLoading] = useState(false);
  const q = value && debounced === value.label ? '' : debounced.trim();

  useEffect(() => {
    let stale = false;
    setLoading(true);
    const load = q
      ? invoke('search', {
          q,
          tables: ['contacts', 'opportunities', 'organizations'],
          limit: 15,
        }).then((rows) =>
          rows.map((h) => ({
            table: h.table as AboutTable,
            id: h.id,
            label: h.subtitle ? `${h.title} — ${h.subtitle}` : h.title,
          })),
        )
      : invoke('contacts.list', {
          sort: 'last_interaction_at',
          dir: 'desc',
          limit: 8,
        }).then((p) =>
          p.rows.map((c) => ({
            table: 'contacts' as const,
            id: c.id,
            label: c.organization_name
              ? `${personName(c)} — ${c.organization_name}`
              : personName(c),
          })),
        );
    load
      .then((rows) => !stale && setHits(rows))
      .catch(() => !stale && setHits([]))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [q]);

  const data = useMemo(() => {
    const all = value && !hits.some((h) => h.id === value.id) ? [value, ...hits] : hits;
    const groups = new Map<AboutTable, { value: string; label: string }[]>();
    for (const h of all) {
      const list = groups.get(h.table) ?? [];
      list.push({ value: `${h.table}:${h.id}`, label: h.label });
      groups.set(h.table, list);
    }
    return [...groups.entries()].map(([t, items]) => ({
      group: q ? GROUP[t] : t === 'contacts' ? 'Recent contacts' : GROUP[t],
      items,
    }));
  }, [hits, value, q]);

  return (
    <Select
      searchable
      clearable
      // Type a few letters, Enter takes the best match.
      selectFirstOptionOnChange
      // The best few matches, all in view: a scrolling list would be a region keyboard users cannot reach
      // (its options are chosen with the arrow keys from the box, never focused). Typing narrows it.
      withScrollArea={false}
      limit={8}
      data={data}
      value={value ? `${value.table}:${value.id}` : null}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        if (!v) return onChange(null);
        const [table, id] = v.split(':') as [AboutTable, string];
        onChange({ table, id, label: option?.label ?? '' });
      }}
      nothingFoundMessage={loading ? 'Searching…' : q ? `Nothing matches “${q}”` : 'Type a name'}
      rightSection={loading ? <Loader size="xs" /> : undefined}
      {...rest}
    />
  );
}
