/**
 * The import preview, row by row: what would be written, what is wrong (per
 * field), what looks like an existing record, and for those rows whether to
 * skip them, update the existing record or create a new one.
 */
import { Badge, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ImportReport, ImportRow, ImportRowAction } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { readableIssue } from '../../lib/messages.ts';

const KEY: Record<ImportReport['table'], string[]> = {
  organizations: ['name', 'segment', 'city', 'region', 'email'],
  contacts: ['first_name', 'last_name', 'organization_name', 'title', 'email'],
  opportunities: ['name', 'stage', 'organization_name', 'primary_contact_name'],
  interactions: ['interaction_type', 'interaction_date', 'contact_name', 'organization_name'],
};

const ACTIONS: { value: ImportRowAction; label: string }[] = [
  { value: 'skip', label: 'Skip this row' },
  { value: 'update', label: 'Update the existing record' },
  { value: 'create', label: 'Create a new record' },
];

const DONE: Record<ImportRowAction, string> = {
  create: 'New',
  update: 'Updates existing',
  skip: 'Skipped',
};

/** Wrap between words; break inside one only when a single word is wider than its cell. */
const WRAP = { overflowWrap: 'break-word', wordBreak: 'normal', hyphens: 'auto' } as const;

function cellText(r: ImportRow, c: string): string | null {
  const v = r.names[c] ?? r.values[c];
  return v === undefined || v === null || v === '' ? null : String(v);
}

export function ImportPreviewTable({
  report,
  onlyProblems,
  onAction,
}: {
  report: ImportReport;
  onlyProblems: boolean;
  /** Absent once imported: the choices are made. */
  onAction?: (line: number, action: ImportRowAction) => void;
}) {
  const cols = KEY[report.table];
  const rows = report.rows.filter(
    (r) => !onlyProblems || r.issues.length > 0 || r.duplicates.length > 0,
  );
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No problems found.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={820} mah={460}>
      <Table verticalSpacing={6} fz="sm" stickyHeader withTableBorder aria-label="Import preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={56}>Line</Table.Th>
            {cols.map((c) => (
              <Table.Th key={c} style={WRAP}>
                {humanize(c.replace(/_name$/, ''))}
              </Table.Th>
            ))}
            <Table.Th miw={220}>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={r.line}
              data-line={r.line}
              bg={r.issues.length ? 'var(--mantine-color-red-light)' : undefined}
            >
              <Table.Td c="dimmed">{r.line}</Table.Td>
              {cols.map((c) => {
                const text = cellText(r, c);
                return (
                  <Table.Td key={c} style={WRAP}>
                    {text ?? (
                      <Text c="dimmed" span size="sm">
                        —
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
              <Table.Td>
                <Stack gap={4}>
                  {r.issues.length === 0 && (
                    <Badge
                      size="sm"
                      color={r.action === 'skip' ? 'gray' : 'teal'}
                      variant="light"
                      style={{ alignSelf: 'flex-start' }}
                    >
                      {DONE[r.action]}
                    </Badge>
                  )}
                  {r.issues.map((i, n) => (
                    <Text key={n} size="xs" c="red" style={WRAP}>
                      <b>{humanize(i.field)}</b> {readableIssue(i.message)}
                    </Text>
                  ))}
                  {r.duplicates.map((d, n) => (
                    <Text key={`d${n}`} size="xs" c="yellow.9" style={WRAP}>
                      Looks like {d.label} ({d.reason.replace(/_/g, ' ')})
                    </Text>
                  ))}
                  {r.duplicates.length > 0 && onAction && (
                    <NativeSelect
                      size="xs"
                      aria-label={`What to do with line ${r.line}`}
                      value={r.action}
                      data={ACTIONS}
                      onChange={(e) => onAction(r.line, e.currentTarget.value as ImportRowAction)}
                    />
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
