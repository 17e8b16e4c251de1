/** A contact's page: who they are, their organization, opportunities, timeline and history. */
import { useState } from 'react';
import type { Contact, Opportunity } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { AdvocacyBadge } from '../../components/AdvocacyBadge.tsx';
import { EmailLink, PhoneLink } from '../../components/ContactLinks.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { DuplicateWarning } from '../../components/DuplicateWarning.tsx';
import { LastInteractionText } from '../../components/LastInteractionText.tsx';
import { opportunityItem, stageSince } from '../../components/opportunityItem.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useDuplicates } from '../../hooks/useDuplicates.ts';
import { usePageAbout } from '../../hooks/usePageAbout.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { personName } from '../../lib/format.ts';
import { ContactFormModal } from './ContactFormModal.tsx';

export function ContactDetailScreen({ id }: { id: string }) {
  const detail = useRecordDetail<Contact>('contacts', id);
  const quickLog = useQuickLog();
  const [editing, setEditing] = useState(false);
  const c = detail.data?.record;
  const duplicates = useDuplicates(
    'contacts',
    {
      first_name: c?.first_name,
      last_name: c?.last_name,
      email: c?.email,
      phone: c?.phone,
      organization_id: c?.organization_id,
    },
    { excludeId: id, enabled: Boolean(c && !c.deleted_at) },
  );
  usePageAbout(
    c && !c.deleted_at
      ? {
          table: 'contacts',
          id,
          label: c.organization_name ? `${personName(c)} — ${c.organization_name}` : personName(c),
        }
      : null,
  );

  const log = (r: Contact) => {
    const name = personName(r);
    quickLog.open({
      table: 'contacts',
      id,
      label: r.organization_name ? `${name} — ${r.organization_name}` : name,
    });
  };

  return (
    <DetailPage table="contacts" id={id} detail={detail} back="/contacts" backLabel="All contacts">
      {(c, data) => {
        const name = personName(c);
        const live = !c.deleted_at;
        const opportunities = (data.related.opportunities ?? []) as Opportunity[];
        return {
          header: {
            crumbs: [['Contacts', '/contacts']],
            title: `${name}${c.is_key_contact ? ' ★' : ''}`,
            badges: (
              <>
                <AdvocacyBadge status={c.advocacy_status} />
                <PendingBadge pending={c._pending} />
              </>
            ),
            subtitle: (
              <>
                {c.title ?? 'No title'}
                {c.organization_id && (
                  <>
                    {' at '}
                    <RouterLink to={`/organizations/${c.organization_id}`} size="sm">
                      {c.organization_name ?? 'their organization'}
                    </RouterLink>
                  </>
                )}
                {' · last interaction '}
                <LastInteractionText at={c.last_interaction_at} />
              </>
            ),
            actions: (
              <RecordActions
                table="contacts"
                id={id}
                label={name}
                deleted={!live}
                onEdit={() => setEditing(true)}
                onLog={() => log(c)}
              />
            ),
          },
          notices: live && duplicates.length > 0 && (
            <DuplicateWarning table="contacts" candidates={duplicates} mergeWith={id} />
          ),
          main: (
            <>
              <SectionCard title="Details">
                <DetailFields
                  fields={[
                    {
                      label: 'Email',
                      value: <EmailLink email={c.email} />,
                    },
                    {
                      label: 'Phone',
                      value: <PhoneLink phone={c.phone} />,
                    },
                    { label: 'Title', value: c.title },
                    { label: 'Key contact', value: c.is_key_contact ? 'Yes' : 'No' },
                    { label: 'Notes', value: c.notes, wide: true },
                  ]}
                />
              </SectionCard>
              <SectionCard title="Opportunities (primary contact)" count={opportunities.length}>
                <RelatedList
                  empty="Not the primary contact of any opportunity."
                  items={opportunities.map((o) => opportunityItem(o, stageSince(o)))}
                />
              </SectionCard>
            </>
          ),
          aside: (
            <ActivityTabs
              detail={data}
              hide={['contact']}
              {...(live ? { onLog: () => log(c) } : {})}
            />
          ),
          dialogs: editing && (
            <ContactFormModal opened record={c} onClose={() => setEditing(false)} />
          ),
        };
      }}
    </DetailPage>
  );
}
