/** Export organizations or contacts as CSV (the same columns the import reads back). */
import { Button, Card, Checkbox, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { CsvTable } from '../../api/types.ts';
import { useCommand } from '../../hooks/useCommand.ts';
import { downloadText } from '../../lib/download.ts';
import { plural } from '../../lib/format.ts';

export function ExportPanel() {
  const [table, setTable] = useState<CsvTable>('organizations');
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const exp = useCommand('csv.export', { notify: true });

  const run = async () => {
    const r = await exp.run({ table, include_deleted: includeDeleted });
    if (!r) return;
    downloadText(r.filename, r.csv);
    notifications.show({
      color: 'teal',
      message: `${plural(r.rows, 'row')} exported to ${r.filename}`,
    });
  };

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Export
        </Title>
        <Text size="sm" c="dimmed">
          A CSV file with every field, ready for a spreadsheet. Import reads the same columns back.
        </Text>
        <SegmentedControl
          aria-label="What to export"
          value={table}
          onChange={(t) => setTable(t as CsvTable)}
          data={[
            { value: 'organizations', label: 'Organizations' },
            { value: 'contacts', label: 'Contacts' },
          ]}
        />
        <Checkbox
          label="Include deleted records"
          checked={includeDeleted}
          onChange={(e) => setIncludeDeleted(e.currentTarget.checked)}
        />
        <Button
          leftSection={<IconDownload size={16} />}
          onClick={() => void run()}
          loading={exp.pending}
        >
          Export {table}
        </Button>
      </Stack>
    </Card>
  );
}
