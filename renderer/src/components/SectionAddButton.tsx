/** The small "Add …" action in a section's header on a record page. */
import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';

export function SectionAddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={onClick}>
      {label}
    </Button>
  );
}
