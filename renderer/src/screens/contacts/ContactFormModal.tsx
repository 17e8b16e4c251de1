/** Create or edit a contact; on create, warns when the person looks like one already here. */
import { Checkbox, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ADVOCACY_STATUSES } from '../../../../sync/schema/index.ts';
import type { Contact } from '../../api/types.ts';
import { DuplicateWarning } from '../../components/DuplicateWarning.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { useDuplicates } from '../../hooks/useDuplicates.ts';
import { useRecordForm } from '../../hooks/useRecordForm.ts';
import { useSaveRecord } from '../../hooks/useSaveRecord.ts';
import { personName } from '../../lib/format.ts';
import { navigate } from '../../router/router.ts';

const FIELDS = [
  'first_name',
  'last_name',
  'organization_id',
  'title',
  'email',
  'phone',
  'advocacy_status',
  'is_key_contact',
  'notes',
] as const;

export interface ContactFormModalProps {
  opened: boolean;
  onClose: () => void;
  record?: Contact;
  preset?: Partial<Contact>;
  presetLabels?: { organization_id?: string };
  /** Stay on the current page after creating (e.g. when adding from an organization). */
  stay?: boolean;
}

export function ContactFormModal({
  opened,
  onClose,
  record,
  preset,
  presetLabels,
  stay,
}: ContactFormModalProps) {
  const src = { advocacy_status: 'Neutral', is_key_contact: false, ...preset, ...record } as Record<
    string,
    unknown
  >;
  const form = useRecordForm(
    'contacts',
    Object.fromEntries(
      FIELDS.map((f) => [
        f,
        src[f] ?? (f === 'is_key_contact' ? false : f === 'organization_id' ? null : ''),
      ]),
    ),
    FIELDS,
  );
  const { save, pending, error } = useSaveRecord('contacts', form, record?.id);
  const v = form.values;
  const duplicates = useDuplicates(
    'contacts',
    {
      first_name: v.first_name as string,
      last_name: v.last_name as string,
      email: v.email as string,
      phone: v.phone as string,
      organization_id: v.organization_id as string | null,
    },
    { enabled: !record && opened },
  );

  const submit = async () => {
    const r = await save();
    if (!r) return;
    onClose();
    if (!record && r !== 'unchanged') {
      notifications.show({ color: 'teal', message: `${personName(v)} added` });
      if (!stay && !preset?.organization_id) navigate(`/contacts/${r.id}`);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={record ? `Edit ${personName(record)}` : 'New contact'}
      onSubmit={() => void submit()}
      pending={pending}
      error={error}
      submitLabel={record ? 'Save changes' : 'Add contact'}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="First name" data-autofocus {...form.text('first_name')} />
        <TextInput label="Last name" {...form.text('last_name')} />
      </SimpleGrid>
      <RecordPicker
        kind="organizations"
        label="Organization"
        placeholder="Where they work"
        value={(v.organization_id as string | null) ?? null}
        valueLabel={record?.organization_name ?? presetLabels?.organization_id ?? null}
        onChange={(id) => form.set('organization_id', id)}
        error={form.errors.organization_id}
      />
      {!record && <DuplicateWarning table="contacts" candidates={duplicates} onOpen={onClose} />}
      <TextInput
        label="Title"
        placeholder="Executive chef, purchasing manager…"
        {...form.text('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Email" type="email" {...form.text('email')} />
        <TextInput label="Phone" type="tel" {...form.text('phone')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: 'end' }}>
        <Select
          label="Advocacy"
          description="How they feel about what you bring"
          data={[...ADVOCACY_STATUSES]}
          value={v.advocacy_status as string}
          onChange={(s) => s && form.set('advocacy_status', s)}
          allowDeselect={false}
          error={form.errors.advocacy_status}
        />
        <Checkbox
          label="Key contact (decides or strongly influences)"
          checked={Boolean(v.is_key_contact)}
          onChange={(e) => form.set('is_key_contact', e.currentTarget.checked)}
          mb={8}
        />
      </SimpleGrid>
      <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.text('notes')} />
    </FormModal>
  );
}
