/** Everything deleted, by kind; restore brings a record back with its links and history. */
import { Tabs } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { TrashList, type TrashTable } from './TrashList.tsx';

const TABS: [TrashTable, string][] = [
  ['organizations', 'Organizations'],
  ['contacts', 'Contacts'],
  ['products', 'Products'],
  ['opportunities', 'Opportunities'],
  ['interactions', 'Interactions'],
];

export function TrashScreen() {
  const params = useListParams();
  const tab = (params.get('kind') as TrashTable | null) ?? 'organizations';
  return (
    <>
      <PageHeader
        title="Trash"
        subtitle="Deleted records stay here, with their history, until you restore them"
      />
      <Tabs
        value={tab}
        onChange={(t) => params.set({ kind: t === 'organizations' ? null : t })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map(([t, label]) => (
            <Tabs.Tab key={t} value={t}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(([t]) => (
          <Tabs.Panel key={t} value={t}>
            <TrashList table={t} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
