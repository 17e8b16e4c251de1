/**
 * The import preview, row by row: what would be written, what is wrong (per
 * field), what looks like an existing record, and for those rows whether to
 * skip them, update the existing record or create a new one.
 */
import { Badge, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ImportReport, ImportRow, ImportRowAction } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { readableIssue } from '../../lib/messages.ts';

/** The columns shown per kind: few and wide enough that a name wraps between words at 1024 px. */
const KEY: Record<ImportReport['table'], { label: string; fields: string[] }[]> = {
  organizations: [
    { label: 'Name', fields: ['name'] },
    { label: 'Place', fields: ['city', 'region'] },
    { label: 'Email', fields: ['email'] },
  ],
  contacts: [
    { label: 'Name', fields: ['first_name', 'last_name'] },
    { label: 'Organization', fields: ['organization_name'] },
    { label: 'Email', fields: ['email'] },
  ],
  opportunities: [
    { label: 'Name', fields: ['name'] },
    { label: 'Stage', fields: ['stage'] },
    { label: 'Customer', fields: ['organization_name'] },
  ],
  interactions: [
    { label: 'Type', fields: ['interaction_type'] },
    { label: 'Date', fields: ['interaction_date'] },
    { label: 'With', fields: ['contact_name', 'organization_name'] },
  ],
};

const ACTIONS: { value: ImportRowAction; label: string }[] = [
  { value: 'skip', label: 'Skip this row' },
  { value: 'update', label: 'Update the existing record' },
  { value: 'create', label: 'Create a new record' },
];

const DONE: Record<ImportRowAction, string> = {
  create: 'OK',
  update: 'Updates existing',
  skip: 'Skipped',
};

/** Wrap between words; break inside one only when a single word is wider than its cell. */
const WRAP = { overflowWrap: 'break-word', wordBreak: 'normal', hyphens: 'auto' } as const;

function cellText(r: ImportRow, fields: string[]): string | null {
  const parts = fields
    .map((f) => r.names[f] ?? r.values[f])
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map(String);
  return parts.length ? parts.join(', ') : null;
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
    // Fits the narrowest window (1024 px with the sections shown) without a sideways scroll.
    <Table.ScrollContainer minWidth={600} mah={460}>
      <Table
        verticalSpacing={6}
        fz="sm"
        stickyHeader
        withTableBorder
        layout="fixed"
        aria-label="Import preview"
      >
        <colgroup>
          <col style={{ width: 48 }} />
          {cols.map((c) => (
            <col key={c.label} />
          ))}
          <col style={{ width: 220 }} />
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            {cols.map((c) => (
              <Table.Th key={c.label} style={WRAP}>
                {c.label}
              </Table.Th>
            ))}
            <Table.Th>Result</Table.Th>
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
                const text = cellText(r, c.fields);
                return (
                  <Table.Td key={c.label} style={WRAP}>
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
