/**
 * CSV import: choose a file, map its columns to fields (remembered per kind),
 * see every row checked as the create commands would (errors per field, likely
 * duplicates, each to skip, update or create), then import all or only the
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
import type { CsvTable, ImportReport, ImportRowAction } from '../../api/types.ts';
import { CommandErrorAlert } from '../../components/CommandErrorAlert.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { loadMapping, saveMapping } from '../../lib/csvMapping.ts';
import { plural } from '../../lib/format.ts';
import { navigate } from '../../router/router.ts';
import { ColumnMapping } from './ColumnMapping.tsx';
import { ImportPreviewTable } from './ImportPreviewTable.tsx';
import { CSV_KINDS } from './kinds.ts';

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

  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [actions, setActions] = useState<Record<string, ImportRowAction>>({});

  const runPreview = async (
    t: CsvTable,
    text: string,
    m: Record<string, string>,
    a: Record<string, ImportRowAction>,
  ) => {
    setDone(null);
    const r = await preview.run({ table: t, csv: text, mapping: m, actions: a });
    if (r) setReport(r);
  };

  /** A new file or kind: the remembered mapping of that kind, no row choices yet. */
  const start = async (t: CsvTable, text: string) => {
    setReport(null);
    const m = loadMapping(t);
    setMapping(m);
    setActions({});
    await runPreview(t, text, m, {});
  };

  const choose = async (f: File | null) => {
    if (!f) return;
    const text = await f.text();
    setFile({ name: f.name, text });
    await start(table, text);
  };

  const remap = (header: string, field: string) => {
    const m = { ...mapping, [header]: field };
    setMapping(m);
    saveMapping(table, { ...loadMapping(table), [header]: field });
    if (file) void runPreview(table, file.text, m, actions);
  };

  const choosePerRow = (line: number, action: ImportRowAction) => {
    const a = { ...actions, [String(line)]: action };
    setActions(a);
    if (file) void runPreview(table, file.text, mapping, a);
  };

  const runImport = async () => {
    if (!file) return;
    const r = await imp.run({ table, csv: file.text, mode, mapping, actions });
    if (!r) return;
    setDone(r);
    setReport(r);
    notifications.show({
      color: r.imported ? 'teal' : 'orange',
      message: r.imported ? `${plural(r.imported, 'record')} imported` : 'Nothing imported',
    });
  };

  // Rows that would be written: created or updated, not skipped.
  const writable = report ? report.created + report.updated : 0;
  const importable = report && mode === 'all_or_nothing' && report.invalid > 0 ? 0 : writable;

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Import
        </Title>
        <Text size="sm" c="dimmed">
          A CSV with a header row. Common headers (Name, Company name, E-mail, Phone Number,
          State/Region, Zip, a HubSpot export's) map by themselves; map the others below. Rows name
          the records they refer to: an organization, a contact, an opportunity.
        </Text>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="What to import"
            value={table}
            onChange={(t) => {
              setTable(t as CsvTable);
              if (file) void start(t as CsvTable, file.text);
            }}
            data={CSV_KINDS}
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
              {report.updated > 0 && (
                <Badge color="blue" variant="light">
                  {plural(report.updated, 'update')}
                </Badge>
              )}
              {report.rows.some((r) => r.duplicates.length) && (
                <Badge color="yellow" variant="light">
                  {plural(
                    report.rows.filter((r) => r.duplicates.length).length,
                    'possible duplicate',
                  )}
                </Badge>
              )}
            </Group>
            {!done && <ColumnMapping report={report} onChange={remap} />}
            {report.unknown_columns.length > 0 && (
              <Alert color="yellow" variant="light" title="Columns that will not be imported">
                {report.unknown_columns.join(', ')}: no field has these names. Choose a field for
                them above, or “Leave out”.
              </Alert>
            )}
            <Switch
              label="Show only rows with problems"
              checked={onlyProblems}
              onChange={(e) => setOnlyProblems(e.currentTarget.checked)}
            />
            <ImportPreviewTable
              report={report}
              onlyProblems={onlyProblems}
              {...(done ? {} : { onAction: choosePerRow })}
            />
            {done ? (
              <Alert
                color={done.imported ? 'teal' : 'orange'}
                title={done.imported ? 'Imported' : 'Nothing imported'}
              >
                {done.imported
                  ? [
                      done.created ? `${plural(done.created, 'record')} added.` : '',
                      done.updated ? `${plural(done.updated, 'record')} updated.` : '',
                      done.invalid + done.skipped
                        ? `${plural(done.invalid + done.skipped, 'row')} skipped.`
                        : '',
                    ]
                      .filter(Boolean)
                      .join(' ')
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
