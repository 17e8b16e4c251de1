/** Create or edit an opportunity: customer, contact, distributor, stage, context; products on create. */
import { Autocomplete, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { OPPORTUNITY_STAGES, needsCloseReason, type CloseReason } from '../../../../sync/schema/index.ts';
import { invoke } from '../../api/transport.ts';
import type { Opportunity, Product } from '../../api/types.ts';
import { CloseReasonFields } from '../../components/CloseReasonFields.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { mayChangeOwner } from '../../../../sync/schema/index.ts';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { ProductsMultiPicker } from '../../components/ProductsMultiPicker.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { useRecordForm } from '../../hooks/useRecordForm.ts';
import { useSaveRecord } from '../../hooks/useSaveRecord.ts';
import { OPPORTUNITY_CONTEXTS } from '../../lib/suggestions.ts';
import { navigate } from '../../router/router.ts';

const FIELDS = [
  'name',
  'organization_id',
  'primary_contact_id',
  'distributor_id',
  'stage',
  'context',
  'owner_id',
  'notes',
  'close_reason',
  'close_reason_note',
] as const;
/** Empty means null (no choice), not blank text. */
const REFS = new Set(['organization_id', 'primary_contact_id', 'distributor_id', 'owner_id', 'close_reason', 'close_reason_note']);
/** Left out of a new record unless chosen: the organization is required, the owner defaults to you (the core). */
const UNSET_WHEN_NEW = new Set(['organization_id', 'owner_id']);

export interface OpportunityFormModalProps {
  opened: boolean;
  onClose: () => void;
  record?: Opportunity & { distributor_name?: string | null };
  preset?: Partial<Opportunity>;
  presetLabels?: { organization_id?: string; primary_contact_id?: string };
}

export function OpportunityFormModal({
  opened,
  onClose,
  record,
  preset,
  presetLabels,
}: OpportunityFormModalProps) {
  const src = { stage: 'New Lead', ...preset, ...record } as Record<string, unknown>;
  const form = useRecordForm(
    'opportunities',
    Object.fromEntries(
      FIELDS.map((f) => [
        f,
        src[f] ?? (REFS.has(f) ? (UNSET_WHEN_NEW.has(f) && !record ? undefined : null) : ''),
      ]),
    ),
    FIELDS,
  );
  const { save, pending, error } = useSaveRecord('opportunities', form, record?.id);
  const [products, setProducts] = useState<Product[]>([]);
  const v = form.values;
  const info = useAppInfo();
  // The server refuses others (migration 0016); the field says so before anyone tries.
  const ownerLocked =
    Boolean(record) && !mayChangeOwner(info.role, record?.owner_id ?? null, info.user_id);

  const submit = async () => {
    const r = await save();
    if (!r) return;
    if (!record && r !== 'unchanged') {
      const failed: string[] = [];
      for (const p of products) {
        await invoke('opportunities.add_product', { opportunity_id: r.id, product_id: p.id }).catch(
          () => failed.push(p.name),
        );
      }
      notifications.show({
        color: failed.length ? 'orange' : 'teal',
        message: failed.length
          ? `Opportunity created; could not add ${failed.join(', ')}`
          : `${String(v.name)} created`,
      });
      onClose();
      navigate(`/opportunities/${r.id}`);
      return;
    }
    onClose();
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={record ? `Edit ${record.name}` : 'New opportunity'}
      onSubmit={() => void submit()}
      pending={pending}
      error={error}
      submitLabel={record ? 'Save changes' : 'Create opportunity'}
    >
      <TextInput
        label="Name"
        placeholder="e.g. Riverside Bistro — fall menu sauces"
        required
        data-autofocus
        {...form.text('name')}
      />
      <RecordPicker
        kind="organizations"
        label="Customer"
        placeholder="Who would buy"
        required
        value={(v.organization_id as string | undefined) ?? null}
        valueLabel={record?.organization_name ?? presetLabels?.organization_id ?? null}
        onChange={(id) => {
          form.set('organization_id', id ?? undefined);
          if (id !== v.organization_id) form.set('primary_contact_id', null);
        }}
        error={form.errors.organization_id}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <RecordPicker
          key={String(v.organization_id ?? 'none')}
          kind="contacts"
          label="Primary contact"
          placeholder={v.organization_id ? 'Someone at the customer' : 'Choose the customer first'}
          filters={v.organization_id ? { organization_id: v.organization_id } : {}}
          value={(v.primary_contact_id as string | null) ?? null}
          valueLabel={record?.primary_contact_name ?? presetLabels?.primary_contact_id ?? null}
          onChange={(id) => form.set('primary_contact_id', id)}
          error={form.errors.primary_contact_id}
        />
        <RecordPicker
          kind="organizations"
          filters={{ is_distributor: true }}
          label="Distributor"
          placeholder="Optional"
          value={(v.distributor_id as string | null) ?? null}
          valueLabel={record?.distributor_name ?? null}
          onChange={(id) => form.set('distributor_id', id)}
          error={form.errors.distributor_id}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Stage"
          data={[...OPPORTUNITY_STAGES]}
          value={v.stage as string}
          onChange={(s) => {
            if (!s) return;
            form.set('stage', s);
            // Closing it so afresh (say, from Stalled to No Fit): ask why again; elsewhere no reason stays.
            if (!needsCloseReason(s) || s !== record?.stage) {
              form.set('close_reason', null);
              if (!needsCloseReason(s)) form.set('close_reason_note', null);
            }
          }}
          allowDeselect={false}
          error={form.errors.stage}
        />
        <Autocomplete
          label="Context"
          placeholder="How it started"
          data={OPPORTUNITY_CONTEXTS}
          value={(v.context as string) ?? ''}
          onChange={(s) => form.set('context', s)}
          error={form.errors.context}
        />
      </SimpleGrid>
      {needsCloseReason(v.stage) && (
        <CloseReasonFields
          value={{
            close_reason: (v.close_reason as CloseReason | null) ?? null,
            close_reason_note: (v.close_reason_note as string | null) ?? null,
          }}
          onChange={(r) => {
            form.set('close_reason', r.close_reason);
            form.set('close_reason_note', r.close_reason_note);
          }}
          errors={{ close_reason: form.errors.close_reason, close_reason_note: form.errors.close_reason_note }}
        />
      )}
      <MemberSelect
        label="Owner"
        placeholder={record ? 'Nobody' : 'You'}
        value={v.owner_id as string | null | undefined}
        onChange={(id) => form.set('owner_id', id)}
        error={form.errors.owner_id}
        disabled={ownerLocked}
        description={ownerLocked ? 'Only the owner, a manager or an admin can change the owner' : undefined}
      />
      {!record && (
        <ProductsMultiPicker value={products} onChange={setProducts} label="Products to pitch" />
      )}
      <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.text('notes')} />
    </FormModal>
  );
}
