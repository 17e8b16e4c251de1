/** A product's page: its principal, the opportunities it is pitched in, their interactions, history. */
import { Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import type { Opportunity, Product } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { DeletedBanner } from '../../components/DeletedBanner.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { opportunityItem, stageSince } from '../../components/opportunityItem.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { RecordLoadError } from '../../components/RecordLoadError.tsx';
import { RejectedBanner } from '../../components/RejectedBanner.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { ProductFormModal } from './ProductFormModal.tsx';

export function ProductDetailScreen({ id }: { id: string }) {
  const detail = useRecordDetail<Product>('products', id);
  const [editing, setEditing] = useState(false);
  const p = detail.data?.record;

  if (detail.loading) return <LoadingState />;
  if (detail.error || !detail.data || !p)
    return (
      <RecordLoadError
        error={detail.error ?? { code: 'not_found', message: '' }}
        back="/products"
        backLabel="All products"
        onRetry={detail.refetch}
      />
    );

  const live = !p.deleted_at;
  const opportunities = (detail.data.related.opportunities ?? []) as Opportunity[];
  return (
    <>
      <PageHeader
        crumbs={[['Products', '/products']]}
        title={p.name}
        badges={<PendingBadge pending={p._pending} />}
        subtitle={
          <>
            {'By '}
            <RouterLink to={`/organizations/${p.principal_id}`} size="sm">
              {p.principal_name ?? 'its principal'}
            </RouterLink>
            {p.category ? ` · ${p.category}` : ''}
          </>
        }
        actions={
          <RecordActions
            table="products"
            id={id}
            label={p.name}
            deleted={!live}
            onEdit={() => setEditing(true)}
            deleteConsequence="Opportunities that list it keep it until you remove it there."
          />
        }
      />
      {p.deleted_at && <DeletedBanner table="products" id={id} deletedAt={p.deleted_at} />}
      <RejectedBanner rejected={detail.data.rejected} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <SectionCard title="Details">
              <DetailFields
                fields={[
                  { label: 'SKU', value: p.sku },
                  { label: 'Category', value: p.category },
                  { label: 'Description', value: p.description, wide: true },
                ]}
              />
            </SectionCard>
            <SectionCard title="Opportunities" count={opportunities.length}>
              <RelatedList
                empty="Not on any opportunity yet. Add it from an opportunity's page."
                items={opportunities.map((o) => opportunityItem(o, stageSince(o)))}
              />
            </SectionCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ActivityTabs detail={detail.data} />
        </Grid.Col>
      </Grid>
      {editing && <ProductFormModal opened record={p} onClose={() => setEditing(false)} />}
    </>
  );
}
