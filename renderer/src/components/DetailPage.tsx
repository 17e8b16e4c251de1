/**
 * The one skeleton of a record's page: loading, a load error with the way
 * back, the header, the deleted and refused-change banners, then the record's
 * own sections on the left and its activity on the right (stacked when
 * narrow). Each screen keeps its hooks and says only what differs.
 */
import { Grid, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { BaseRow, DetailTable, RecordDetail } from '../api/types.ts';
import type { QueryState } from '../hooks/useQuery.ts';
import { DeletedBanner } from './DeletedBanner.tsx';
import { LoadingState } from './LoadingState.tsx';
import { PageHeader, type PageHeaderProps } from './PageHeader.tsx';
import { RecordLoadError } from './RecordLoadError.tsx';
import { RejectedBanner } from './RejectedBanner.tsx';

export interface DetailPageParts {
  header: PageHeaderProps;
  /** Between the banners and the sections (a duplicate warning, ...). */
  notices?: ReactNode;
  /** The record's own sections, left. */
  main: ReactNode;
  /** Its activity (timeline, history), right. */
  aside: ReactNode;
  /** Dialogs the page opens. */
  dialogs?: ReactNode;
}

export function DetailPage<R extends BaseRow>({
  table,
  id,
  detail,
  back,
  backLabel,
  children,
}: {
  table: DetailTable;
  id: string;
  detail: QueryState<RecordDetail<R>>;
  /** Where "back" goes when the record cannot be shown, and its label. */
  back: string;
  backLabel: string;
  children: (record: R, data: RecordDetail<R>) => DetailPageParts;
}) {
  if (detail.loading) return <LoadingState />;
  const record = detail.data?.record;
  if (detail.error || !detail.data || !record)
    return (
      <RecordLoadError
        error={detail.error ?? { code: 'not_found', message: '' }}
        back={back}
        backLabel={backLabel}
        onRetry={detail.refetch}
      />
    );

  const parts = children(record, detail.data);
  return (
    <>
      <PageHeader {...parts.header} />
      {record.deleted_at && <DeletedBanner table={table} id={id} deletedAt={record.deleted_at} />}
      <RejectedBanner rejected={detail.data.rejected} />
      {parts.notices && <Stack mb="md">{parts.notices}</Stack>}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">{parts.main}</Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>{parts.aside}</Grid.Col>
      </Grid>
      {parts.dialogs}
    </>
  );
}
