/** Create or edit a product: what a principal makes. */
import { Autocomplete, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Product } from '../../api/types.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { useRecordForm } from '../../hooks/useRecordForm.ts';
import { useSaveRecord } from '../../hooks/useSaveRecord.ts';
import { PRODUCT_CATEGORIES } from '../../lib/suggestions.ts';

const FIELDS = ['name', 'principal_id', 'sku', 'category', 'description'] as const;

export interface ProductFormModalProps {
  opened: boolean;
  onClose: () => void;
  record?: Product;
  preset?: Partial<Product>;
  presetLabels?: { principal_id?: string };
}

export function ProductFormModal({
  opened,
  onClose,
  record,
  preset,
  presetLabels,
}: ProductFormModalProps) {
  const src = { ...preset, ...record } as Record<string, unknown>;
  const form = useRecordForm(
    'products',
    Object.fromEntries(FIELDS.map((f) => [f, src[f] ?? (f === 'principal_id' ? undefined : '')])),
    FIELDS,
  );
  const { save, pending, error } = useSaveRecord('products', form, record?.id);
  const v = form.values;

  const submit = async () => {
    const r = await save();
    if (!r) return;
    onClose();
    if (!record && r !== 'unchanged')
      notifications.show({ color: 'teal', message: `${String(v.name)} added` });
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={record ? `Edit ${record.name}` : 'New product'}
      onSubmit={() => void submit()}
      pending={pending}
      error={error}
      submitLabel={record ? 'Save changes' : 'Add product'}
    >
      <TextInput label="Name" required data-autofocus {...form.text('name')} />
      <RecordPicker
        kind="organizations"
        filters={{ is_principal: true }}
        label="Principal"
        description="The manufacturer you represent for this product"
        placeholder="Choose a principal"
        required
        value={(v.principal_id as string | undefined) ?? null}
        valueLabel={record?.principal_name ?? presetLabels?.principal_id ?? null}
        onChange={(id) => form.set('principal_id', id ?? undefined)}
        error={form.errors.principal_id}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Autocomplete
          label="Category"
          data={PRODUCT_CATEGORIES}
          value={(v.category as string) ?? ''}
          onChange={(s) => form.set('category', s)}
          error={form.errors.category}
        />
        <TextInput label="SKU" {...form.text('sku')} />
      </SimpleGrid>
      <Textarea
        label="Description"
        autosize
        minRows={2}
        maxRows={8}
        {...form.text('description')}
      />
    </FormModal>
  );
}
