/** Search box (press / to focus it), the list's filters, sort, and saved views. */
import { ActionIcon, Group, Select, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { IconSearch, IconSortAscending, IconSortDescending, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ListParams } from '../hooks/useListParams.ts';
import { SavedViewsMenu } from './SavedViewsMenu.tsx';

export interface ListToolbarProps {
  params: ListParams;
  listKey: string;
  placeholder: string;
  /** Omitted: no sort controls (e.g. the pipeline board orders itself). */
  sorts?: { value: string; label: string }[];
  defaultSort?: string;
  defaultDir?: 'asc' | 'desc';
  children?: ReactNode;
}

export function ListToolbar({
  params,
  listKey,
  placeholder,
  sorts,
  defaultSort = '',
  defaultDir = 'asc',
  children,
}: ListToolbarProps) {
  const [text, setText] = useState(params.get('q') ?? '');
  const input = useRef<HTMLInputElement>(null);
  const push = useDebouncedCallback((q: string) => params.set({ q }), 200);
  useHotkeys([['/', () => input.current?.focus()]]);

  // A saved view or Back changes q under us.
  const q = params.get('q') ?? '';
  useEffect(() => {
    if (document.activeElement !== input.current) setText(q);
  }, [q]);

  const dir = (params.get('dir') as 'asc' | 'desc' | null) ?? defaultDir;
  return (
    <Group gap="sm" mb="md" wrap="wrap" align="flex-end">
      <TextInput
        ref={input}
        aria-label="Search this list"
        placeholder={placeholder}
        leftSection={<IconSearch size={16} />}
        rightSection={
          text ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label="Clear search"
              onClick={() => {
                setText('');
                params.set({ q: null });
              }}
            >
              <IconX size={14} />
            </ActionIcon>
          ) : undefined
        }
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          push(e.currentTarget.value);
        }}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        style={{ flex: '1 1 240px', maxWidth: 360 }}
      />
      {children}
      <Group gap={4} wrap="nowrap" ml="auto">
        {sorts && (
          <Select
            aria-label="Sort by"
            data={sorts}
            value={params.get('sort') ?? defaultSort}
            onChange={(v) => params.set({ sort: v === defaultSort ? null : v })}
            allowDeselect={false}
            w={190}
          />
        )}
        {sorts && (
          <Tooltip label={dir === 'asc' ? 'Ascending' : 'Descending'}>
            <ActionIcon
              variant="default"
              size="input-sm"
              aria-label={`Sort ${dir === 'asc' ? 'descending' : 'ascending'}`}
              onClick={() =>
                params.set({
                  dir:
                    (dir === 'asc' ? 'desc' : 'asc') === defaultDir
                      ? null
                      : dir === 'asc'
                        ? 'desc'
                        : 'asc',
                })
              }
            >
              {dir === 'asc' ? <IconSortAscending size={18} /> : <IconSortDescending size={18} />}
            </ActionIcon>
          </Tooltip>
        )}
        <SavedViewsMenu listKey={listKey} path={params.path} query={params.query} />
      </Group>
    </Group>
  );
}
