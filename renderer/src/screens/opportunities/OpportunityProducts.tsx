/** Products pitched in an opportunity (add, remove), and the principals they bring (derived, read-only). */
import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { Organization, Product } from '../../api/types.ts';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useCommand } from '../../hooks/useCommand.ts';

export interface OpportunityProductsProps {
  opportunityId: string;
  products: Product[];
  principals: Organization[];
  editable: boolean;
}

export function OpportunityProducts({
  opportunityId,
  products,
  principals,
  editable,
}: OpportunityProductsProps) {
  const add = useCommand('opportunities.add_product', { notify: true });
  const remove = useCommand('opportunities.remove_product', { notify: true });
  const [pickerKey, setPickerKey] = useState(0);
  return (
    <SectionCard title="Products" count={products.length}>
      <Stack gap="sm">
        {editable && (
          <RecordPicker
            key={pickerKey}
            kind="products"
            aria-label="Add a product"
            placeholder="Add a product — type its name or principal"
            value={null}
            exclude={products.map((p) => p.id)}
            onChange={(id) => {
              if (!id) return;
              void add
                .run({ opportunity_id: opportunityId, product_id: id })
                .then(() => setPickerKey((k) => k + 1));
            }}
          />
        )}
        <RelatedList
          empty="No products yet. The principals of the products you add are linked automatically."
          items={products.map((p) => ({
            id: p.id,
            to: `/products/${p.id}`,
            title: p.name,
            subtitle: [p.category, p.sku].filter(Boolean).join(' · '),
            right: editable && (
              <Tooltip label={`Remove ${p.name}`}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${p.name}`}
                  loading={remove.pending}
                  onClick={(e) => {
                    e.preventDefault();
                    void remove.run({ opportunity_id: opportunityId, product_id: p.id });
                  }}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Tooltip>
            ),
          }))}
        />
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Principals:
          </Text>
          {principals.length === 0 ? (
            <Text size="xs" c="dimmed">
              none yet
            </Text>
          ) : (
            principals.map((p) => (
              <Badge
                key={p.id}
                component="a"
                href={`#/organizations/${p.id}`}
                variant="light"
                color="violet"
                style={{ cursor: 'pointer' }}
              >
                {p.name}
              </Badge>
            ))
          )}
        </Group>
      </Stack>
    </SectionCard>
  );
}
