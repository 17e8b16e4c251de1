/** Several products at once, found by name; shows the principals they bring along. */
import { Badge, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { invoke } from '../api/transport.ts';
import type { Product } from '../api/types.ts';

export interface ProductsMultiPickerProps {
  value: Product[];
  onChange: (products: Product[]) => void;
  label?: string;
  exclude?: string[];
}

export function ProductsMultiPicker({
  value,
  onChange,
  label = 'Products',
  exclude = [],
}: ProductsMultiPickerProps) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 150);
  const [found, setFound] = useState<Product[]>([]);

  useEffect(() => {
    let stale = false;
    invoke('products.list', { limit: 30, ...(q ? { q } : {}) })
      .then((p) => !stale && setFound(p.rows))
      .catch(() => !stale && setFound([]));
    return () => {
      stale = true;
    };
  }, [q]);

  const known = useMemo(() => {
    const m = new Map<string, Product>();
    for (const p of [...value, ...found]) m.set(p.id, p);
    return m;
  }, [value, found]);
  const skip = new Set(exclude);
  const data = [...known.values()]
    .filter((p) => !skip.has(p.id))
    .map((p) => ({
      value: p.id,
      label: p.principal_name ? `${p.name} — ${p.principal_name}` : p.name,
    }));
  const principals = [...new Set(value.map((p) => p.principal_name).filter(Boolean))] as string[];

  return (
    <Stack gap={4}>
      <MultiSelect
        label={label}
        placeholder={value.length ? undefined : 'Type a product or principal'}
        searchable
        data={data}
        value={value.map((p) => p.id)}
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        onChange={(ids) =>
          onChange(ids.map((id) => known.get(id)).filter((p): p is Product => Boolean(p)))
        }
        nothingFoundMessage={q ? `No product matches “${q}”` : 'No products yet'}
        hidePickedOptions
      />
      {principals.length > 0 && (
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            Principals:
          </Text>
          {principals.map((p) => (
            <Badge key={p} size="xs" variant="light" color="violet">
              {p}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
