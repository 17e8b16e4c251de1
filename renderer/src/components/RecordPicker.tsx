/**
 * Picks one record of a kind by typing part of its name: the list channel
 * answers (full-text, each word a prefix), with the list's own filters (only
 * principals, only distributors, contacts of one organization, ...).
 */
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { invoke } from '../api/transport.ts';
import { personName } from '../lib/format.ts';

export type PickerKind = 'organizations' | 'contacts' | 'opportunities' | 'products';

export interface RecordPickerProps extends Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'filter'
> {
  kind: PickerKind;
  value: string | null;
  /** The chosen record's name when it is already set (so it shows before any search). */
  valueLabel?: string | null;
  onChange: (id: string | null, label: string | null) => void;
  filters?: Record<string, unknown>;
  /** Ids not to offer (the record itself, products already added). */
  exclude?: string[];
}

type Option = { value: string; label: string };

function labelOf(kind: PickerKind, row: Record<string, unknown>): string {
  if (kind === 'contacts') {
    const org = row.organization_name ? ` — ${String(row.organization_name)}` : '';
    return `${personName(row)}${org}`;
  }
  if (kind === 'products' && row.principal_name)
    return `${String(row.name)} — ${String(row.principal_name)}`;
  if (kind === 'opportunities' && row.organization_name)
    return `${String(row.name)} — ${String(row.organization_name)}`;
  return String(row.name ?? '');
}

export function RecordPicker({
  kind,
  value,
  valueLabel,
  onChange,
  filters,
  exclude,
  ...rest
}: RecordPickerProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<Option | null>(
    value ? { value, label: valueLabel ?? '' } : null,
  );
  const filterKey = JSON.stringify(filters ?? {});

  useEffect(() => {
    if (value && selected?.value !== value) setSelected({ value, label: valueLabel ?? '' });
    if (!value && selected) setSelected(null);
  }, [value, valueLabel, selected]);

  // Typing the chosen label again should not search for it.
  const q = selected && debounced === selected.label ? '' : debounced.trim();

  useEffect(() => {
    let stale = false;
    setLoading(true);
    const input = {
      ...(JSON.parse(filterKey) as Record<string, unknown>),
      limit: 20,
      ...(q ? { q } : {}),
    };
    invoke(`${kind}.list`, input)
      .then((page) => {
        if (!stale)
          setOptions(page.rows.map((r) => ({ value: String(r.id), label: labelOf(kind, r) })));
      })
      .catch(() => {
        if (!stale) setOptions([]);
      })
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
  }, [kind, q, filterKey]);

  const data = useMemo(() => {
    const skip = new Set(exclude ?? []);
    const list = options.filter((o) => !skip.has(o.value));
    if (selected && selected.label && !list.some((o) => o.value === selected.value))
      list.unshift(selected);
    return list;
  }, [options, selected, exclude]);

  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      // The channel already filtered by what was typed.
      filter={({ options: o }) => o}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => {
        const opt = id ? { value: id, label: option?.label ?? '' } : null;
        setSelected(opt);
        onChange(id, opt?.label ?? null);
      }}
      nothingFoundMessage={
        loading ? 'Searching…' : q ? `Nothing matches “${q}”` : 'Nothing here yet'
      }
      rightSection={loading ? <Loader size="xs" /> : undefined}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
