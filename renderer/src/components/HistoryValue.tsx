/**
 * One value in a history row. A reference (contact_id, opportunity_id, ...) is
 * shown by the name of the record it points to, read from the replica, rather
 * than as "record …d8cbeb"; while the name loads, or when the record is gone,
 * the short id stays. A member column (owner, account manager, assignee) is
 * named from the member list, former members included.
 */
import { useRecordLabel } from '../hooks/useRecordLabel.ts';
import { displayValue } from '../lib/format.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { memberOf, referenceOf } from '../lib/references.ts';

export function HistoryValue({ field, value }: { field: string; value: unknown }) {
  const member = memberOf(field, value);
  if (member) return <MemberName id={member} />;
  const ref = referenceOf(field, value);
  return ref ? <ReferenceName table={ref.table} id={ref.id} /> : <>{displayValue(value)}</>;
}

function ReferenceName({ table, id }: NonNullable<ReturnType<typeof referenceOf>>) {
  const name = useRecordLabel(table, id);
  return <>{name || displayValue(id)}</>;
}

function MemberName({ id }: { id: string }) {
  const members = useQuery('members.list', { include_former: true });
  const m = members.data?.find((x) => x.user_id === id);
  return <>{m ? m.display_name : displayValue(id)}</>;
}
