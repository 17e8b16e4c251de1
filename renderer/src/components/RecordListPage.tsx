/**
 * The frame every record list shares (organizations, contacts, products):
 * header with "New …" (disabled for viewers, `n` opens it), search, sort and
 * saved views, the list's own filters, loading / error / empty states (an
 * empty workspace invites a first record or an import; an empty search says
 * so), the table with keyset "load more", and the create form. A screen says
 * only what differs: its filters, its columns and its form.
 */
import { Button, Group, Table } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Queries } from '../api/contract.ts';
import type { ListParams } from '../hooks/useListParams.ts';
import { usePagedQuery, type PagedName, type RowOf } from '../hooks/usePagedQuery.ts';
import { useReadOnly } from '../hooks/useReadOnly.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import { EmptyView } from './EmptyView.tsx';
import { ErrorState } from './ErrorState.tsx';
import { ListToolbar } from './ListToolbar.tsx';
import { LoadingState } from './LoadingState.tsx';
import { LoadMore } from './LoadMore.tsx';
import { PageHeader } from './PageHeader.tsx';
import { StillDownloadingNotice } from './StillDownloadingNotice.tsx';

export interface SortChoice {
  value: string;
  label: string;
  /** The direction a person expects first: names A-Z, dates newest first. */
  dir: 'asc' | 'desc';
}

export interface RecordListPageProps<K extends PagedName> {
  query: K;
  params: ListParams;
  /** Saved views are kept per list under this key. */
  listKey: string;
  title: string;
  subtitle: string;
  /** "organization" / "organizations": button, empty states and "load more". */
  noun: { one: string; many: string };
  searchPlaceholder: string;
  /** The first one is the default. */
  sorts: SortChoice[];
  /** The query's filters from the screen's own controls (search, sort and paging are added here). */
  filters: Partial<Omit<Queries[K]['input'], 'cursor'>>;
  /** Whether any of the screen's own filters is set (an empty list then means "no match"). */
  filtered: boolean;
  /** The screen's filter controls, shown in the toolbar. */
  toolbar?: ReactNode;
  empty: { icon: ReactNode; description: string; canImport?: boolean };
  columns: string[];
  minWidth: number;
  /** The cells of one row, in the order of `columns`. */
  cells: (row: RowOf<K>) => ReactNode;
  rowKey: (row: RowOf<K>) => string;
  /** The create form; `close` dismisses it. */
  createForm: (close: () => void) => ReactNode;
}

export function RecordListPage<K extends PagedName>(p: RecordListPageProps<K>) {
  const readOnly = useReadOnly();
  // An empty list mid first download is not an empty workspace: no "add your first" invitation then.
  const downloading = useSyncStatus()?.state === 'initial_sync';
  const [creating, setCreating] = useState(false);
  const defaultSort = p.sorts[0]!;
  const sort = p.params.get('sort') ?? defaultSort.value;
  const sortDir = p.sorts.find((s) => s.value === sort)?.dir ?? 'asc';
  const dir = (p.params.get('dir') as 'asc' | 'desc' | null) ?? sortDir;
  const q = p.params.get('q') ?? '';
  const list = usePagedQuery(p.query, {
    sort,
    dir,
    limit: 50,
    ...(q ? { q } : {}),
    ...p.filters,
  } as Omit<Queries[K]['input'], 'cursor'>);
  useHotkeys([['n', () => !readOnly && setCreating(true)]]);
  const newButton = (withIcon: boolean) => (
    <Button
      {...(withIcon ? { leftSection: <IconPlus size={16} /> } : {})}
      disabled={readOnly}
      onClick={() => setCreating(true)}
    >
      New {p.noun.one}
    </Button>
  );

  return (
    <>
      <PageHeader title={p.title} subtitle={p.subtitle} actions={newButton(true)} />
      <StillDownloadingNotice />
      <ListToolbar
        params={p.params}
        listKey={p.listKey}
        placeholder={p.searchPlaceholder}
        sorts={p.sorts}
        defaultSort={defaultSort.value}
        defaultDir={sortDir}
      >
        {p.toolbar}
      </ListToolbar>
      {list.error && <ErrorState error={list.error} onRetry={list.refetch} />}
      {list.loading ? (
        <LoadingState />
      ) : list.rows.length === 0 && !list.error ? (
        downloading && !q && !p.filtered ? (
          <EmptyView
            icon={p.empty.icon}
            title={`${p.noun.many[0]!.toUpperCase()}${p.noun.many.slice(1)} are still downloading`}
            description="They appear here as the first sync brings them in."
          />
        ) : q || p.filtered ? (
          <EmptyView
            title={`No ${p.noun.many} match`}
            description="Try fewer words or another filter."
          />
        ) : (
          <EmptyView
            icon={p.empty.icon}
            title={`No ${p.noun.many} yet`}
            description={p.empty.description}
            action={
              <Group>
                {newButton(false)}
                {p.empty.canImport && (
                  <Button variant="default" component="a" href="#/import">
                    Import CSV
                  </Button>
                )}
              </Group>
            }
          />
        )
      ) : (
        <Table.ScrollContainer minWidth={p.minWidth}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                {p.columns.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((row) => (
                <Table.Tr key={p.rowKey(row)}>{p.cells(row)}</Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!list.loading && (
        <LoadMore
          shown={list.rows.length}
          hasMore={list.hasMore}
          fetching={list.fetching}
          onMore={list.loadMore}
          noun={p.noun.many}
        />
      )}
      {creating && p.createForm(() => setCreating(false))}
    </>
  );
}
