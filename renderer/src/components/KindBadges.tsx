/** An organization's kinds as badges: customer, principal, distributor (any combination). */
import { Badge } from '@mantine/core';

export function KindBadges({
  principal,
  distributor,
  customer,
}: {
  principal?: boolean;
  distributor?: boolean;
  customer?: boolean;
}) {
  return (
    <>
      {customer && (
        <Badge color="gray" variant="light">
          Customer
        </Badge>
      )}
      {principal && (
        <Badge color="violet" variant="light">
          Principal
        </Badge>
      )}
      {distributor && (
        <Badge color="blue" variant="light">
          Distributor
        </Badge>
      )}
    </>
  );
}
