/**
 * CSV import: choose a file, see every row checked as the create commands
 * would (errors per field, likely duplicates), then import all or only the
 * valid rows. Nothing is written until "Import".
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { CsvTable, ImportReport } from '../../api/types.ts';
import { CommandErrorAlert } from '../../components/CommandErrorAlert.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { plural } from '../../lib/format.ts';
import { navigate } from '../../router/router.ts';
import { ImportPreviewTable } from './ImportPreviewTable.tsx';

type Mode = 'all_or_nothing' | 'valid_rows';

export function ImportPanel() {
  const [table, setTable] = useState<CsvTable>('organizations');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<Mode>('all_or_nothing');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const preview = useCommand('csv.preview_import');
  const imp = useCommand('csv.import');

  const runPreview = async (t: CsvTable, text: string) => {
    setReport(null);
    setDone(null);
    const r = await preview.run({ table: t, csv: text });
    if (r) setReport(r);
  };

  const choose = async (f: File | null) => {
    if (!f) return;
    const text = await f.text();
    setFile({ name: f.name, text });
    await runPreview(table, text);
  };

  const runImport = async () => {
    if (!file) return;
    const r = await imp.run({ table, csv: file.text, mode });
    if (!r) return;
    setDone(r);
    setReport(r);
    notifications.show({
      color: r.imported ? 'teal' : 'orange',
      message: r.imported ? `${plural(r.imported, 'record')} imported` : 'Nothing imported',
    });
  };

  const importable = report
    ? mode === 'all_or_nothing'
      ? report.invalid === 0
        ? report.valid
        : 0
      : report.valid
    : 0;

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Import
        </Title>
        <Text size="sm" c="dimmed">
          A CSV with a header row. Columns like Name, Company, E-mail, Phone, City, State, Zip are
          recognized; contacts can name their organization in an “Organization” column.
        </Text>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="What to import"
            value={table}
            onChange={(t) => {
              setTable(t as CsvTable);
              if (file) void runPreview(t as CsvTable, file.text);
            }}
            data={[
              { value: 'organizations', label: 'Organizations' },
              { value: 'contacts', label: 'Contacts' },
            ]}
          />
          <FileButton onChange={(f) => void choose(f)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button
                {...props}
                variant="default"
                leftSection={<IconFileUpload size={16} />}
                loading={preview.pending}
              >
                {file ? 'Choose another file' : 'Choose a CSV file'}
              </Button>
            )}
          </FileButton>
          {file && (
            <Text size="sm" c="dimmed">
              {file.name}
            </Text>
          )}
        </Group>
        <CommandErrorAlert error={preview.error ?? imp.error} />
        {report && (
          <>
            <Group gap="xs">
              <Badge color="teal" variant="light">
                {plural(report.valid, 'valid row')}
              </Badge>
              <Badge color={report.invalid ? 'red' : 'gray'} variant="light">
                {plural(report.invalid, 'row')} with problems
              </Badge>
              {report.rows.some((r) => r.duplicates.length) && (
                <Badge color="yellow" variant="light">
                  {plural(
                    report.rows.filter((r) => r.duplicates.length).length,
                    'possible duplicate',
                  )}
                </Badge>
              )}
            </Group>
            {report.unknown_columns.length > 0 && (
              <Alert color="yellow" variant="light" title="Columns that will not be imported">
                {report.unknown_columns.join(', ')} — no field has these names.
              </Alert>
            )}
            <Switch
              label="Show only rows with problems"
              checked={onlyProblems}
              onChange={(e) => setOnlyProblems(e.currentTarget.checked)}
            />
            <ImportPreviewTable report={report} onlyProblems={onlyProblems} />
            {done ? (
              <Alert
                color={done.imported ? 'teal' : 'orange'}
                title={done.imported ? 'Imported' : 'Nothing imported'}
              >
                {done.imported
                  ? `${plural(done.imported, 'record')} added.${done.invalid ? ` ${plural(done.invalid, 'row')} skipped.` : ''}`
                  : 'Some rows have problems and you chose all or nothing. Fix the file and choose it again, or import the valid rows only.'}
                {done.imported > 0 && (
                  <Button
                    size="xs"
                    variant="light"
                    ml="sm"
                    onClick={() => navigate(`/${done.table}`)}
                  >
                    Open {done.table}
                  </Button>
                )}
              </Alert>
            ) : (
              <>
                <Radio.Group
                  value={mode}
                  onChange={(m) => setMode(m as Mode)}
                  label="If some rows have problems"
                >
                  <Stack gap={6} mt={6}>
                    <Radio
                      value="all_or_nothing"
                      label="Import nothing until every row is fixed (safest)"
                    />
                    <Radio value="valid_rows" label="Import the valid rows and skip the others" />
                  </Stack>
                </Radio.Group>
                <Group justify="flex-end">
                  <Button
                    leftSection={<IconUpload size={16} />}
                    disabled={importable === 0}
                    loading={imp.pending}
                    onClick={() => void runImport()}
                  >
                    {importable ? `Import ${plural(importable, 'row')}` : 'Nothing to import'}
                  </Button>
                </Group>
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
