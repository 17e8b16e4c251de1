/** Export organizations, contacts, opportunities or interactions as CSV (the columns the import reads back, names rather than ids). */
import { Button, Card, Checkbox, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { CsvTable } from '../../api/types.ts';
import { useCommand } from '../../hooks/useCommand.ts';
import { downloadText } from '../../lib/download.ts';
import { plural } from '../../lib/format.ts';
import { CSV_KINDS } from './kinds.ts';

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
          A CSV file with every field, ready for a spreadsheet; linked records by name. Import reads
          the same columns back.
        </Text>
        <NativeSelect
          label="What to export"
          value={table}
          onChange={(e) => setTable(e.currentTarget.value as CsvTable)}
          data={CSV_KINDS}
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
