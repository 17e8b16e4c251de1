/** Products: what each principal makes, by category. */
import { Autocomplete, Button, Table, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPackage, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { PRODUCT_CATEGORIES } from '../../lib/suggestions.ts';
import { ProductFormModal } from './ProductFormModal.tsx';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

const SORTS = [
  { value: 'name', label: 'Name' },
  { value: 'category', label: 'Category' },
  { value: 'updated_at', label: 'Last changed' },
];
const DEFAULT_DIR: Record<string, 'asc' | 'desc'> = {
  name: 'asc',
  category: 'asc',
  updated_at: 'desc',
};

export function ProductsScreen() {
  const readOnly = useReadOnly();
  const params = useListParams();
  const [creating, setCreating] = useState(false);
  const sort = params.get('sort') ?? 'name';
  const dir = (params.get('dir') as 'asc' | 'desc' | null) ?? DEFAULT_DIR[sort] ?? 'asc';
  const q = params.get('q') ?? '';
  const principal = params.get('principal');
  const category = params.get('category') ?? '';
  const list = usePagedQuery('products.list', {
    sort,
    dir,
    limit: 50,
    ...(q ? { q } : {}),
    ...(principal ? { principal_id: principal } : {}),
    ...(category ? { category } : {}),
  });
  useHotkeys([['n', () => !readOnly && setCreating(true)]]);
  const filtered = Boolean(q || principal || category);

  return (
    <>
      <PageHeader
        title="Products"
        subtitle="The lines you carry for your principals"
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            disabled={readOnly}
            onClick={() => setCreating(true)}
          >
            New product
          </Button>
        }
      />
      <ListToolbar
        params={params}
        listKey="products"
        placeholder="Search product, SKU, description…  ( / )"
        sorts={SORTS}
        defaultSort="name"
        defaultDir={DEFAULT_DIR[sort] ?? 'asc'}
      >
        <RecordPicker
          kind="organizations"
          filters={{ is_principal: true }}
          aria-label="Principal"
          placeholder="Any principal"
          value={principal}
          onChange={(id) => params.set({ principal: id })}
          w={240}
        />
        <Autocomplete
          aria-label="Category"
          placeholder="Any category"
          data={PRODUCT_CATEGORIES}
          defaultValue={category}
          onOptionSubmit={(c) => params.set({ category: c })}
          onChange={(c) => !c && params.set({ category: null })}
          clearable
          w={200}
        />
      </ListToolbar>
      {list.error && <ErrorState error={list.error} onRetry={list.refetch} />}
      {list.loading ? (
        <LoadingState />
      ) : list.rows.length === 0 && !list.error ? (
        filtered ? (
          <EmptyView title="No products match" description="Try fewer words or another filter." />
        ) : (
          <EmptyView
            icon={<IconPackage size={28} stroke={1.5} />}
            title="No products yet"
            description="Products belong to a principal. Mark an organization as a principal, then add what it makes."
            action={
              <Button disabled={readOnly} onClick={() => setCreating(true)}>
                New product
              </Button>
            }
          />
        )
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Product</Table.Th>
                <Table.Th>Principal</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th>SKU</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <RouterLink to={`/products/${p.id}`} fw={500}>
                      {p.name}
                    </RouterLink>{' '}
                    <PendingBadge pending={p._pending} />
                  </Table.Td>
                  <Table.Td>
                    <RouterLink to={`/organizations/${p.principal_id}`} size="sm">
                      {p.principal_name ?? '—'}
                    </RouterLink>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.category ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {p.sku ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
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
          noun="products"
        />
      )}
      {creating && <ProductFormModal opened onClose={() => setCreating(false)} />}
    </>
  );
}
