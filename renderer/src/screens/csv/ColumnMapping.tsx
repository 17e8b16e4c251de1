/** Which field each column of the file fills: chosen per column, remembered per import kind. */
import { NativeSelect, SimpleGrid, Text } from '@mantine/core';
import type { ImportReport } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';

const SKIP = '';

export function ColumnMapping({
  report,
  onChange,
}: {
  report: ImportReport;
  onChange: (header: string, field: string) => void;
}) {
  const options = [
    { value: SKIP, label: 'Leave out' },
    ...report.fields.filter((f) => f !== 'id').map((f) => ({ value: f, label: humanize(f) })),
  ];
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        Columns
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        Each column of the file and the field it fills. Your choices are remembered for the next{' '}
        {report.table} file.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        {report.mapping.map((m) => (
          <NativeSelect
            key={m.header}
            size="xs"
            label={m.header}
            aria-label={`Field for column ${m.header}`}
            value={m.field ?? SKIP}
            data={options}
            onChange={(e) => onChange(m.header, e.currentTarget.value)}
            error={
              m.field === null && report.unknown_columns.includes(m.header)
                ? 'Not imported'
                : undefined
            }
          />
        ))}
      </SimpleGrid>
    </div>
  );
}
