import { Badge } from '@mantine/core';

/** What an organization is to the broker: a principal (manufacturer), a distributor, or (no badge) a customer. */
export function KindBadges({
  principal,
  distributor,
}: {
  principal?: boolean;
  distributor?: boolean;
}) {
  return (
    <>
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
