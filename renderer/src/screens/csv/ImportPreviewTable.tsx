/** The import preview, row by row: what would be written, what is wrong (per field), what looks like a duplicate. */
import { Badge, Stack, Table, Text } from '@mantine/core';
import type { ImportReport } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { readableIssue } from '../../lib/messages.ts';

const KEY: Record<string, string[]> = {
  organizations: ['name', 'segment', 'city', 'email'],
  contacts: ['first_name', 'last_name', 'title', 'email'],
};

export function ImportPreviewTable({
  report,
  onlyProblems,
}: {
  report: ImportReport;
  onlyProblems: boolean;
}) {
  const cols = KEY[report.table] ?? [];
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
    <Table.ScrollContainer minWidth={760} mah={460}>
      <Table verticalSpacing={6} fz="sm" stickyHeader withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>Line</Table.Th>
            {cols.map((c) => (
              <Table.Th key={c}>{humanize(c)}</Table.Th>
            ))}
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={r.line}
              bg={r.issues.length ? 'var(--mantine-color-red-light)' : undefined}
            >
              <Table.Td c="dimmed">{r.line}</Table.Td>
              {cols.map((c) => {
                const raw = r.values[c];
                return (
                  <Table.Td key={c} style={{ overflowWrap: 'anywhere' }}>
                    {raw === undefined || raw === null || raw === '' ? (
                      <Text c="dimmed" span size="sm">
                        —
                      </Text>
                    ) : (
                      String(raw)
                    )}
                  </Table.Td>
                );
              })}
              <Table.Td>
                <Stack gap={2}>
                  {r.issues.length === 0 && (
                    <Badge size="sm" color="teal" variant="light">
                      OK
                    </Badge>
                  )}
                  {r.issues.map((i, n) => (
                    <Text key={n} size="xs" c="red">
                      <b>{humanize(i.field)}</b> {readableIssue(i.message)}
                    </Text>
                  ))}
                  {r.duplicates.map((d, n) => (
                    <Text key={`d${n}`} size="xs" c="yellow.8">
                      Looks like {d.label} ({d.reason.replace(/_/g, ' ')})
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
