/** Original / mine / server's, side by side, for each field of a refused edit; editable "mine" when fixing. */
import { Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { changedOnServer, type FieldConflict } from '../../lib/conflict.ts';
import { displayValue, humanize } from '../../lib/format.ts';

export interface ConflictTableProps {
  conflicts: FieldConflict[];
  /** Editing: the corrected values (strings), by field. */
  edits?: Record<string, string>;
  onEdit?: (field: string, value: string) => void;
  errors?: Record<string, string>;
  /** The rejected field, highlighted. */
  field?: string | null;
  showServer: boolean;
}

export function ConflictTable({
  conflicts,
  edits,
  onEdit,
  errors = {},
  field,
  showServer,
}: ConflictTableProps) {
  const anyOriginal = conflicts.some((c) => c.original !== undefined);
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={6} fz="sm" withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Field</Table.Th>
            {showServer && anyOriginal && <Table.Th>Original</Table.Th>}
            <Table.Th>Mine</Table.Th>
            {showServer && <Table.Th>Server&apos;s now</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conflicts.map((c) => {
            const editable = onEdit && edits && (typeof c.mine === 'string' || c.mine === null);
            return (
              <Table.Tr
                key={c.field}
                bg={c.field === field ? 'var(--mantine-color-red-light)' : undefined}
              >
                <Table.Td fw={500}>{humanize(c.field)}</Table.Td>
                {showServer && anyOriginal && (
                  <Table.Td c="dimmed">
                    {c.original === undefined ? '—' : displayValue(c.original)}
                  </Table.Td>
                )}
                <Table.Td>
                  {editable ? (
                    <TextInput
                      size="xs"
                      aria-label={`Corrected ${humanize(c.field)}`}
                      value={edits[c.field] ?? ''}
                      onChange={(e) => onEdit(c.field, e.currentTarget.value)}
                      error={errors[c.field]}
                    />
                  ) : (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {displayValue(c.mine)}
                    </Text>
                  )}
                </Table.Td>
                {showServer && (
                  <Table.Td>
                    <Text size="sm" span style={{ overflowWrap: 'anywhere' }}>
                      {displayValue(c.server)}
                    </Text>
                    {changedOnServer(c) && (
                      <Tooltip label="Changed on the server by someone else since your edit">
                        <IconAlertTriangle
                          size={14}
                          color="var(--mantine-color-orange-filled)"
                          style={{ marginLeft: 6, verticalAlign: 'middle' }}
                        />
                      </Tooltip>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
