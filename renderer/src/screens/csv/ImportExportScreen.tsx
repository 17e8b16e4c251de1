/** CSV in and out, for organizations, contacts, opportunities and interactions. */
import { Grid } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';

export function ImportExportScreen() {
  return (
    <>
      <PageHeader
        title="Import & export"
        subtitle="Bring organizations, contacts, opportunities and interactions in from a spreadsheet, or take them out"
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 9 }}>
          <ImportPanel />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 3 }}>
          <ExportPanel />
        </Grid.Col>
      </Grid>
    </>
  );
}
