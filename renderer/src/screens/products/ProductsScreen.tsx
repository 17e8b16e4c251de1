/** Products: what each principal makes, by category. */
import { Autocomplete, Table, Text } from '@mantine/core';
import { IconPackage } from '@tabler/icons-react';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordListPage, type SortChoice } from '../../components/RecordListPage.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { PRODUCT_CATEGORIES } from '../../lib/suggestions.ts';
import { ProductFormModal } from './ProductFormModal.tsx';

const SORTS: SortChoice[] = [
  { value: 'name', label: 'Name', dir: 'asc' },
  { value: 'category', label: 'Category', dir: 'asc' },
  { value: 'updated_at', label: 'Last changed', dir: 'desc' },
];

export function ProductsScreen() {
  const params = useListParams();
  const principal = params.get('principal');
  const category = params.get('category') ?? '';
  return (
    <RecordListPage
      query="products.list"
      params={params}
      listKey="products"
      title="Products"
      subtitle="The lines you carry for your principals"
      noun={{ one: 'product', many: 'products' }}
      searchPlaceholder="Search product, SKU, description…  ( / )"
      sorts={SORTS}
      filters={{
        ...(principal ? { principal_id: principal } : {}),
        ...(category ? { category } : {}),
      }}
      filtered={Boolean(principal || category)}
      toolbar={
        <>
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
        </>
      }
      empty={{
        icon: <IconPackage size={28} stroke={1.5} />,
        description:
          'Products belong to a principal. Mark an organization as a principal, then add what it makes.',
      }}
      columns={['Product', 'Principal', 'Category', 'SKU']}
      minWidth={680}
      rowKey={(p) => p.id}
      cells={(p) => (
        <>
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
        </>
      )}
      createForm={(close) => <ProductFormModal opened onClose={close} />}
    />
  );
}
