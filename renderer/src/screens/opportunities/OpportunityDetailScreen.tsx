/** An opportunity's page: stage path, who and where, products and derived principals, stage history, timeline. */
import { Card, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OpportunityStage } from '../../../../sync/schema/index.ts';
import type { Opportunity, Organization, Product } from '../../api/types.ts';
import { ActivityTabs, localChangesKey } from '../../components/ActivityTabs.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { LastInteractionText } from '../../components/LastInteractionText.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { StageBadge } from '../../components/StageBadge.tsx';
import { useCloseReasonPrompt } from '../../hooks/useCloseReasonPrompt.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { usePageAbout } from '../../hooks/usePageAbout.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { useRecordHistory } from '../../hooks/useRecordHistory.ts';
import { useRecordLabel } from '../../hooks/useRecordLabel.ts';
import { formatRelative } from '../../lib/format.ts';
import { historyOf } from '../../lib/history.ts';
import { OpportunityFormModal } from './OpportunityFormModal.tsx';
import { OpportunityProducts } from './OpportunityProducts.tsx';
import { StageHistory } from './StageHistory.tsx';
import { StagePath } from './StagePath.tsx';

export function OpportunityDetailScreen({ id }: { id: string }) {
  const detail = useRecordDetail<Opportunity>('opportunities', id);
  const quickLog = useQuickLog();
  const [editing, setEditing] = useState(false);
  const move = useCommand('opportunities.move_stage', { notify: true });
  const o = detail.data?.record;
  const contactName = useRecordLabel('contacts', o?.primary_contact_id);
  const distributorName = useRecordLabel('organizations', o?.distributor_id);
  // Asked once for the page: the stage history and the History tab both read it.
  const serverHistory = useRecordHistory('opportunities', id, detail.data ? localChangesKey(detail.data) : '', {
    enabled: Boolean(detail.data),
  });
  usePageAbout(o && !o.deleted_at ? { table: 'opportunities', id, label: o.name } : null);

  const log = () => o && quickLog.open({ table: 'opportunities', id, label: o.name });
  const closeReason = useCloseReasonPrompt();
  const moveTo = async (stage: OpportunityStage) => {
    const why = o && (await closeReason.ask(stage, o.name));
    if (!why) return; // cancelled: it stays where it was
    const r = await move.run({ id, stage, ...why });
    if (r) notifications.show({ color: 'teal', message: `Moved to ${stage}` });
  };

  return (
    <DetailPage
      table="opportunities"
      id={id}
      detail={detail}
      back="/opportunities"
      backLabel="All opportunities"
    >
      {(o, data) => {
        const live = !o.deleted_at;
        const products = (data.related.products ?? []) as Product[];
        const principals = (data.related.principals ?? []) as Organization[];
        const history = historyOf(
          serverHistory.data?.entries ?? [],
          data.pending,
          data.rejected,
          serverHistory.data?.own_changes ?? [],
        );
        return {
          header: {
            crumbs: [['Opportunities', '/opportunities']],
            title: o.name,
            badges: (
              <>
                <StageBadge stage={o.stage} />
                <PendingBadge pending={o._pending} />
              </>
            ),
            subtitle: (
              <>
                {`In ${o.stage} since ${formatRelative(o.stage_changed_at)} · last interaction `}
                <LastInteractionText at={o.last_interaction_at} />
              </>
            ),
            actions: (
              <RecordActions
                table="opportunities"
                id={id}
                label={o.name}
                deleted={!live}
                onEdit={() => setEditing(true)}
                onLog={log}
              />
            ),
          },
          notices: (
            <Card withBorder padding="sm" radius="md">
              <StagePath stage={o.stage} onMove={(s) => void moveTo(s)} disabled={!live} pending={move.pending} />
              {o.close_reason && (
                <Text size="sm" mt="xs" c="dimmed">
                  {`Why: ${o.close_reason}${o.close_reason_note ? ` — ${o.close_reason_note}` : ''}`}
                </Text>
              )}
              {closeReason.dialog}
            </Card>
          ),
          main: (
            <>
              <SectionCard title="Details">
                <DetailFields
                  fields={[
                    {
                      label: 'Customer',
                      value: (
                        <RouterLink to={`/organizations/${o.organization_id}`} size="sm">
                          {o.organization_name ?? 'Customer'}
                        </RouterLink>
                      ),
                    },
                    {
                      label: 'Primary contact',
                      value: o.primary_contact_id && (
                        <RouterLink to={`/contacts/${o.primary_contact_id}`} size="sm">
                          {contactName ?? '…'}
                        </RouterLink>
                      ),
                    },
                    {
                      label: 'Distributor',
                      value: o.distributor_id && (
                        <RouterLink to={`/organizations/${o.distributor_id}`} size="sm">
                          {distributorName ?? '…'}
                        </RouterLink>
                      ),
                    },
                    {
                      label: 'Owner',
                      value: o.owner_id ? (o.owner_name ?? 'A former member') : null,
                    },
                    { label: 'Context', value: o.context },
                    { label: 'Notes', value: o.notes, wide: true },
                  ]}
                />
              </SectionCard>
              <OpportunityProducts
                opportunityId={id}
                products={products}
                principals={principals}
                editable={live}
              />
              <StageHistory entries={history} createdAt={o.created_at} stage={o.stage} />
            </>
          ),
          aside: (
            <ActivityTabs
              detail={data}
              history={serverHistory}
              hide={['opportunity', 'organization']}
              {...(live ? { onLog: log } : {})}
            />
          ),
          dialogs: editing && (
            <OpportunityFormModal
              opened
              record={{
                ...o,
                primary_contact_name: contactName,
                distributor_name: distributorName,
              }}
              onClose={() => setEditing(false)}
            />
          ),
        };
      }}
    </DetailPage>
  );
}
