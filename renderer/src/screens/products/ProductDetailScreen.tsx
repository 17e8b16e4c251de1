/** A product's page: its principal, the opportunities it is pitched in, their interactions, history. */
import { useState } from 'react';
import type { Opportunity, Product } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { opportunityItem, stageSince } from '../../components/opportunityItem.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { ProductFormModal } from './ProductFormModal.tsx';

export function ProductDetailScreen({ id }: { id: string }) {
  const detail = useRecordDetail<Product>('products', id);
  const [editing, setEditing] = useState(false);

  return (
    <DetailPage table="products" id={id} detail={detail} back="/products" backLabel="All products">
      {(p, data) => {
        const opportunities = (data.related.opportunities ?? []) as Opportunity[];
        return {
          header: {
            crumbs: [['Products', '/products']],
            title: p.name,
            badges: <PendingBadge pending={p._pending} />,
            subtitle: (
              <>
                {'By '}
                <RouterLink to={`/organizations/${p.principal_id}`} size="sm">
                  {p.principal_name ?? 'its principal'}
                </RouterLink>
                {p.category ? ` · ${p.category}` : ''}
              </>
            ),
            actions: (
              <RecordActions
                table="products"
                id={id}
                label={p.name}
                deleted={Boolean(p.deleted_at)}
                onEdit={() => setEditing(true)}
                deleteConsequence="Opportunities that list it keep it until you remove it there."
              />
            ),
          },
          main: (
            <>
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
            </>
          ),
          aside: <ActivityTabs detail={data} />,
          dialogs: editing && (
            <ProductFormModal opened record={p} onClose={() => setEditing(false)} />
          ),
        };
      }}
    </DetailPage>
  );
}
