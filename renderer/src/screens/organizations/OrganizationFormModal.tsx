/** Create or edit an organization; on create, warns when it looks like one already here. */
import { Autocomplete, Checkbox, Group, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Organization } from '../../api/types.ts';
import { DuplicateWarning } from '../../components/DuplicateWarning.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { useDuplicates } from '../../hooks/useDuplicates.ts';
import { useRecordForm } from '../../hooks/useRecordForm.ts';
import { useSaveRecord } from '../../hooks/useSaveRecord.ts';
import { SEGMENTS } from '../../lib/suggestions.ts';
import { navigate } from '../../router/router.ts';

const FIELDS = [
  'name',
  'is_principal',
  'is_distributor',
  'is_customer',
  'segment',
  'account_manager_id',
  'phone',
  'email',
  'website',
  'address_line',
  'city',
  'region',
  'postal_code',
  'country',
  'notes',
] as const;

const KINDS = [
  { field: 'is_customer', label: 'Customer (buys from our principals)' },
  { field: 'is_principal', label: 'Principal (a manufacturer we represent)' },
  { field: 'is_distributor', label: 'Distributor' },
] as const;

export interface OrganizationFormModalProps {
  opened: boolean;
  onClose: () => void;
  record?: Organization;
  /** Defaults for a new one (e.g. is_principal from the Principals filter). */
  preset?: Partial<Organization>;
}

function initialValues(
  record?: Organization,
  preset?: Partial<Organization>,
): Record<string, unknown> {
  // A new organization is a customer unless the preset says it is something else (the
  // Principals or Distributors list): most records a rep adds are the places they sell to.
  const isOther = Boolean(preset?.is_principal || preset?.is_distributor);
  const src = {
    is_principal: false,
    is_distributor: false,
    is_customer: !isOther,
    ...preset,
    ...record,
  } as Record<string, unknown>;
  const empty = (f: string) => (f.startsWith('is_') ? false : f.endsWith('_id') ? null : '');
  return Object.fromEntries(FIELDS.map((f) => [f, src[f] ?? empty(f)]));
}

export function OrganizationFormModal({
  opened,
  onClose,
  record,
  preset,
}: OrganizationFormModalProps) {
  const form = useRecordForm('organizations', initialValues(record, preset), FIELDS);
  const { save, pending, error } = useSaveRecord('organizations', form, record?.id);
  const v = form.values;
  const duplicates = useDuplicates(
    'organizations',
    {
      name: v.name as string,
      email: v.email as string,
      phone: v.phone as string,
      website: v.website as string,
    },
    { enabled: !record && opened },
  );

  const submit = async () => {
    const r = await save();
    if (!r) return;
    onClose();
    if (!record && r !== 'unchanged') {
      notifications.show({ color: 'teal', message: `${String(v.name)} created` });
      navigate(`/organizations/${r.id}`);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={record ? `Edit ${record.name}` : 'New organization'}
      onSubmit={() => void submit()}
      pending={pending}
      error={error}
      submitLabel={record ? 'Save changes' : 'Create organization'}
    >
      <TextInput label="Name" required data-autofocus {...form.text('name')} />
      <Checkbox.Group
        label="Kind"
        description="One or more: a distributor that also buys is a customer too"
        value={KINDS.filter((k) => v[k.field]).map((k) => k.field)}
        onChange={(chosen) => {
          for (const k of KINDS) form.set(k.field, chosen.includes(k.field));
        }}
        error={form.errors.is_customer ?? form.errors.is_principal ?? form.errors.is_distributor}
      >
        <Group gap="lg" mt={6}>
          {KINDS.map((k) => (
            <Checkbox key={k.field} value={k.field} label={k.label} />
          ))}
        </Group>
      </Checkbox.Group>
      {!record && (
        <DuplicateWarning table="organizations" candidates={duplicates} onOpen={onClose} />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Autocomplete
          label="Segment"
          data={SEGMENTS}
          value={(v.segment as string) ?? ''}
          onChange={(s) => form.set('segment', s)}
          error={form.errors.segment}
        />
        <MemberSelect
          label="Account manager"
          placeholder="Nobody yet"
          value={v.account_manager_id as string | null}
          onChange={(id) => form.set('account_manager_id', id)}
          error={form.errors.account_manager_id}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Phone" type="tel" {...form.text('phone')} />
        <TextInput label="Email" type="email" {...form.text('email')} />
      </SimpleGrid>
      <TextInput label="Website" placeholder="example.com" {...form.text('website')} />
      <TextInput label="Address" {...form.text('address_line')} />
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <TextInput label="City" {...form.text('city')} />
        <TextInput label="State / region" {...form.text('region')} />
        <TextInput label="Postal code" {...form.text('postal_code')} />
        <TextInput label="Country" {...form.text('country')} />
      </SimpleGrid>
      <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.text('notes')} />
    </FormModal>
  );
}
