/** Edit a logged interaction (the quick log creates them): every field, including when it happened. */
import { Checkbox, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { INTERACTION_TYPES, SENTIMENTS } from '../../../../sync/schema/index.ts';
import type { Interaction } from '../../api/types.ts';
import { FollowUpTaskFields } from '../../components/FollowUpTaskFields.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { aboutOf, PrincipalChips, usePrincipalChips } from '../../components/PrincipalChips.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { WhenPicker } from '../../components/WhenPicker.tsx';
import { useRecordForm } from '../../hooks/useRecordForm.ts';
import { useSaveRecord } from '../../hooks/useSaveRecord.ts';

const FIELDS = [
  'interaction_type',
  'interaction_date',
  'contact_id',
  'opportunity_id',
  'notes',
  'sentiment',
  'follow_up_required',
  'follow_up_date',
  // Not shown (derived from the contact or opportunity, or set by quick log for an organization),
  // but carried so the form's check sees what the interaction is about: an interaction logged
  // about an organization alone could not be saved otherwise.
  'organization_id',
  'follow_up_time',
  'follow_up_assignee_id',
] as const;

export function InteractionFormModal({
  record,
  onClose,
}: {
  record: Interaction;
  onClose: () => void;
}) {
  const form = useRecordForm(
    'interactions',
    Object.fromEntries(FIELDS.map((f) => [f, record[f] ?? null])),
    FIELDS,
  );
  const { save, pending, error } = useSaveRecord('interactions', form, record.id);
  const v = form.values;
  const principals = usePrincipalChips();

  const submit = async () => {
    // The chips travel with the changed fields: one command, one local transaction.
    if (await save({ principals: principals.payload })) onClose();
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title="Edit interaction"
      onSubmit={() => void submit()}
      pending={pending}
      error={error}
      submitLabel="Save changes"
    >
      <Select
        label="Type"
        data={[...INTERACTION_TYPES]}
        value={v.interaction_type as string}
        onChange={(t) => t && form.set('interaction_type', t)}
        allowDeselect={false}
        data-autofocus
      />
      <WhenPicker
        allowNow={false}
        value={v.interaction_date as string}
        onChange={(iso) => iso && form.set('interaction_date', iso)}
        error={form.errors.interaction_date}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <RecordPicker
          kind="contacts"
          label="Contact"
          value={(v.contact_id as string | null) ?? null}
          valueLabel={record.contact_name ?? null}
          onChange={(id) => form.set('contact_id', id)}
          error={form.errors.contact_id}
        />
        <RecordPicker
          kind="opportunities"
          label="Opportunity"
          value={(v.opportunity_id as string | null) ?? null}
          valueLabel={record.opportunity_name ?? null}
          onChange={(id) => form.set('opportunity_id', id)}
          error={form.errors.opportunity_id}
        />
      </SimpleGrid>
      <PrincipalChips
        about={aboutOf({ ...v, organization_id: record.organization_id })}
        interactionId={record.id}
        value={principals.chosen}
        onChange={principals.setChosen}
        removed={principals.removed}
        onRemovedChange={principals.setRemoved}
      />
      <Textarea label="Notes" autosize minRows={3} maxRows={10} {...form.text('notes')} />
      <Select
        label="Sentiment"
        data={[...SENTIMENTS]}
        value={v.sentiment as string}
        onChange={(s) => s && form.set('sentiment', s)}
        allowDeselect={false}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: 'end' }}>
        <Checkbox
          label="Follow-up required"
          checked={Boolean(v.follow_up_required)}
          onChange={(e) => {
            form.set('follow_up_required', e.currentTarget.checked);
            if (!e.currentTarget.checked) form.set('follow_up_date', null);
          }}
          mb={8}
        />
        <TextInput
          label="Follow-up date"
          type="date"
          disabled={!v.follow_up_required}
          value={(v.follow_up_date as string | null) ?? ''}
          onChange={(e) => form.set('follow_up_date', e.currentTarget.value || null)}
          error={form.errors.follow_up_date}
        />
      </SimpleGrid>
      <FollowUpTaskFields
        value={{
          time: (v.follow_up_time as string | null) ?? null,
          assignee: (v.follow_up_assignee_id as string | null) ?? null,
        }}
        onChange={(t) => {
          form.set('follow_up_time', t.time);
          form.set('follow_up_assignee_id', t.assignee);
        }}
        errors={form.errors}
        disabled={!v.follow_up_date}
      />
    </FormModal>
  );
}
