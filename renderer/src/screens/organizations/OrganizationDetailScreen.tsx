/** An organization's page: details, people, opportunities, products (principals), timeline and history. */
import { useState } from 'react';
import type { Contact, Opportunity, Organization, Product } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { AdvocacyBadge } from '../../components/AdvocacyBadge.tsx';
import { EmailLink, PhoneLink } from '../../components/ContactLinks.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { DuplicateWarning } from '../../components/DuplicateWarning.tsx';
import { KindBadges } from '../../components/KindBadges.tsx';
import { LastInteractionText } from '../../components/LastInteractionText.tsx';
import { opportunityItem, stageSince } from '../../components/opportunityItem.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { SectionAddButton } from '../../components/SectionAddButton.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useDuplicates } from '../../hooks/useDuplicates.ts';
import { usePageAbout } from '../../hooks/usePageAbout.ts';
import { usePrincipalInteractions } from '../../hooks/usePrincipalInteractions.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { personName } from '../../lib/format.ts';
import { ContactFormModal } from '../contacts/ContactFormModal.tsx';
import { OpportunityFormModal } from '../opportunities/OpportunityFormModal.tsx';
import { ProductFormModal } from '../products/ProductFormModal.tsx';
import { OrganizationFormModal } from './OrganizationFormModal.tsx';
import { PrincipalPanel } from './PrincipalPanel.tsx';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

type Dialog = 'edit' | 'contact' | 'opportunity' | 'product' | null;

export function OrganizationDetailScreen({ id }: { id: string }) {
  const readOnly = useReadOnly();
  const detail = useRecordDetail<Organization>('organizations', id);
  const quickLog = useQuickLog();
  const [dialog, setDialog] = useState<Dialog>(null);
  const o = detail.data?.record;
  const duplicates = useDuplicates(
    'organizations',
    { name: o?.name, email: o?.email, phone: o?.phone, website: o?.website },
    { excludeId: id, enabled: Boolean(o && !o.deleted_at) },
  );

  const principalInteractions = usePrincipalInteractions(id, Boolean(o?.is_principal));
  usePageAbout(o && !o.deleted_at ? { table: 'organizations', id, label: o.name } : null);

  return (
    <DetailPage
      table="organizations"
      id={id}
      detail={detail}
      back="/organizations"
      backLabel="All organizations"
    >
      {(o, data) => {
        const related = data.related;
        const contacts = (related.contacts ?? []) as Contact[];
        const opportunities = (related.opportunities ?? []) as Opportunity[];
        const products = (related.products ?? []) as Product[];
        const live = !o.deleted_at;
        const address = [
          o.address_line,
          [o.city, o.region, o.postal_code].filter(Boolean).join(', '),
          o.country,
        ]
          .filter(Boolean)
          .join('\n');
        const log = () => quickLog.open({ table: 'organizations', id, label: o.name });
        return {
          header: {
            crumbs: [['Organizations', '/organizations']],
            title: o.name,
            badges: (
              <>
                <KindBadges
                  principal={o.is_principal}
                  distributor={o.is_distributor}
                  customer={o.is_customer}
                />
                <PendingBadge pending={o._pending} />
              </>
            ),
            subtitle: (
              <>
                {`${o.segment ?? 'No segment'} · last interaction `}
                <LastInteractionText at={o.last_interaction_at} />
              </>
            ),
            actions: (
              <RecordActions
                table="organizations"
                id={id}
                label={o.name}
                deleted={!live}
                onEdit={() => setDialog('edit')}
                onLog={log}
                deleteConsequence="Its contacts, opportunities and products stay; they still point to it."
              />
            ),
          },
          notices: live && duplicates.length > 0 && (
            <DuplicateWarning table="organizations" candidates={duplicates} mergeWith={id} />
          ),
          main: (
            <>
              <SectionCard title="Details">
                <DetailFields
                  fields={[
                    {
                      label: 'Phone',
                      value: <PhoneLink phone={o.phone} />,
                    },
                    {
                      label: 'Email',
                      value: <EmailLink email={o.email} />,
                    },
                    { label: 'Website', value: o.website },
                    { label: 'Segment', value: o.segment },
                    { label: 'Address', value: address, wide: true },
                    { label: 'Notes', value: o.notes, wide: true },
                  ]}
                />
              </SectionCard>
              {o.is_principal && <PrincipalPanel principalId={id} />}
              {(o.is_principal || products.length > 0) && (
                <SectionCard
                  title="Products"
                  count={products.length}
                  action={
                    live &&
                    !readOnly &&
                    o.is_principal && (
                      <SectionAddButton label="Add product" onClick={() => setDialog('product')} />
                    )
                  }
                >
                  <RelatedList
                    empty="No products yet. Add what this principal makes."
                    items={products.map((p) => ({
                      id: p.id,
                      to: `/products/${p.id}`,
                      title: p.name,
                      subtitle: [p.category, p.sku].filter(Boolean).join(' · '),
                    }))}
                  />
                </SectionCard>
              )}
              <SectionCard
                title="Contacts"
                count={contacts.length}
                action={
                  live &&
                  !readOnly && (
                    <SectionAddButton label="Add contact" onClick={() => setDialog('contact')} />
                  )
                }
              >
                <RelatedList
                  empty="No contacts yet. Add the buyer, the chef, the owner."
                  items={contacts.map((c) => ({
                    id: c.id,
                    to: `/contacts/${c.id}`,
                    title: `${personName(c)}${c.is_key_contact ? ' ★' : ''}`,
                    subtitle: [c.title, c.email, c.phone].filter(Boolean).join(' · '),
                    right: <AdvocacyBadge status={c.advocacy_status} />,
                  }))}
                />
              </SectionCard>
              {(!o.is_principal || opportunities.length > 0) && (
                <SectionCard
                  title={
                    o.is_distributor
                      ? 'Opportunities (as customer or distributor)'
                      : 'Opportunities'
                  }
                  count={opportunities.length}
                  action={
                    live &&
                    !readOnly && (
                      <SectionAddButton
                        label="New opportunity"
                        onClick={() => setDialog('opportunity')}
                      />
                    )
                  }
                >
                  <RelatedList
                    empty="No opportunities with this organization yet."
                    items={opportunities.map((p) =>
                      opportunityItem(
                        p,
                        `${p.distributor_id === id ? 'As distributor · ' : ''}${stageSince(p)}`,
                      ),
                    )}
                  />
                </SectionCard>
              )}
            </>
          ),
          aside: (
            <ActivityTabs
              detail={data}
              extra={principalInteractions}
              hide={o.is_principal ? [] : ['organization']}
              {...(live ? { onLog: log } : {})}
            />
          ),
          dialogs: (
            <>
              {dialog === 'edit' && (
                <OrganizationFormModal opened record={o} onClose={() => setDialog(null)} />
              )}
              {dialog === 'contact' && (
                <ContactFormModal
                  opened
                  onClose={() => setDialog(null)}
                  preset={{ organization_id: id }}
                  presetLabels={{ organization_id: o.name }}
                />
              )}
              {dialog === 'opportunity' && (
                <OpportunityFormModal
                  opened
                  onClose={() => setDialog(null)}
                  preset={{ organization_id: id }}
                  presetLabels={{ organization_id: o.name }}
                />
              )}
              {dialog === 'product' && (
                <ProductFormModal
                  opened
                  onClose={() => setDialog(null)}
                  preset={{ principal_id: id }}
                  presetLabels={{ principal_id: o.name }}
                />
              )}
            </>
          ),
        };
      }}
    </DetailPage>
  );
}
