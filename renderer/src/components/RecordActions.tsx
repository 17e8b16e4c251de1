/**
 * The header actions of a record page: log an interaction about it (where that
 * applies), edit, delete. None for a record in the Trash (its banner offers
 * restore) or for a viewer, who may look but not change.
 */
import { Button } from '@mantine/core';
import { IconEdit, IconPencilPlus } from '@tabler/icons-react';
import { useReadOnly } from '../hooks/useReadOnly.ts';
import { DeleteButton, type DeleteButtonProps } from './DeleteButton.tsx';

export interface RecordActionsProps {
  table: DeleteButtonProps['table'];
  id: string;
  /** The record's name, as the delete confirmation says it. */
  label: string;
  deleted: boolean;
  onEdit: () => void;
  /** Present where interactions can be about this record. */
  onLog?: () => void;
  /** What deleting leaves in place, said in the confirmation. */
  deleteConsequence?: string;
}

export function RecordActions(p: RecordActionsProps) {
  const readOnly = useReadOnly();
  if (p.deleted || readOnly) return null;
  return (
    <>
      {p.onLog && (
        <Button leftSection={<IconPencilPlus size={16} />} onClick={p.onLog}>
          Log interaction
        </Button>
      )}
      <Button variant="default" leftSection={<IconEdit size={16} />} onClick={p.onEdit}>
        Edit
      </Button>
      <DeleteButton
        table={p.table}
        id={p.id}
        label={p.label}
        {...(p.deleteConsequence ? { consequence: p.deleteConsequence } : {})}
      />
    </>
  );
}
