/**
 * Mod+K: search every organization, contact, product, opportunity and
 * interaction note on this computer (works offline), or jump to a section.
 */
import { Badge, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBuildingStore,
  IconMessage,
  IconPackage,
  IconPencilPlus,
  IconSearch,
  IconTargetArrow,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { invoke } from '../api/transport.ts';
import type { SearchHit, SearchTable } from '../api/types.ts';
import { useAppInfo } from '../hooks/useAppInfo.ts';
import { sectionsFor } from '../lib/navigation.ts';
import { pathOf } from '../lib/tables.ts';
import { navigate } from '../router/router.ts';
import { SearchSnippet } from './SearchSnippet.tsx';

const KIND: Record<SearchTable, { label: string; icon: ReactNode }> = {
  organizations: { label: 'Organization', icon: <IconBuildingStore size={18} /> },
  contacts: { label: 'Contact', icon: <IconAddressBook size={18} /> },
  products: { label: 'Product', icon: <IconPackage size={18} /> },
  opportunities: { label: 'Opportunity', icon: <IconTargetArrow size={18} /> },
  interactions: { label: 'Interaction', icon: <IconMessage size={18} /> },
};

/** A snippet that only repeats the title (the match was in the name) says nothing new. */
function snippetAddsToTitle(h: SearchHit): boolean {
  const plain = h.snippet
    .split('\u0002')
    .join('')
    .split('\u0003')
    .join('')
    .replace(/…/g, '')
    .trim();
  return plain.length > 0 && !h.title.includes(plain);
}

export function GlobalSearch({ onQuickLog }: { onQuickLog: () => void }) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!debounced) {
      setHits([]);
      return;
    }
    let stale = false;
    setLoading(true);
    invoke('search', { q: debounced, limit: 30 })
      .then((h) => !stale && setHits(h))
      .catch(() => !stale && setHits([]))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [debounced]);

  const open = (hit: SearchHit) => {
    const to = pathOf(hit.table, hit.id);
    if (to) navigate(to);
  };

  const { role } = useAppInfo();
  const sections = sectionsFor(role).filter(
    (s) => !query || s.label.toLowerCase().includes(query.toLowerCase()),
  );

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search organizations, contacts, products, opportunities, notes…"
        leftSection={loading ? <Loader size="xs" /> : <IconSearch size={18} />}
        aria-label="Search everything"
      />
      <Spotlight.ActionsList>
        {hits.length > 0 && (
          <Spotlight.ActionsGroup label="Records">
            {hits.map((h) => (
              <Spotlight.Action
                key={`${h.table}:${h.id}`}
                onClick={() => open(h)}
                leftSection={KIND[h.table].icon}
              >
                <Group wrap="nowrap" justify="space-between" w="100%" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {h.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {h.subtitle}
                      {snippetAddsToTitle(h) && (
                        <>
                          {h.subtitle ? ' · ' : ''}
                          <SearchSnippet text={h.snippet} />
                        </>
                      )}
                    </Text>
                  </div>
                  <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                    {KIND[h.table].label}
                  </Badge>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        )}
        {debounced && !loading && hits.length === 0 && (
          <Spotlight.Empty>Nothing on this computer matches “{debounced}”.</Spotlight.Empty>
        )}
        {(!query || sections.length > 0) && (
          <Spotlight.ActionsGroup label="Go to">
            {!query && (
              <Spotlight.Action
                label="Log an interaction"
                description="Ctrl/Cmd + L"
                leftSection={<IconPencilPlus size={18} />}
                onClick={onQuickLog}
              />
            )}
            {sections.map((s) => (
              <Spotlight.Action
                key={s.path}
                label={s.label}
                description={`g then ${s.key}`}
                leftSection={<s.icon size={18} />}
                onClick={() => navigate(s.path)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
