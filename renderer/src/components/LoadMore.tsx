import { Button, Center, Text } from '@mantine/core';

/** The end of a keyset-paged list: the next page on demand ("Show more <noun>"), or a count of what is shown. */
export function LoadMore({
  shown,
  hasMore,
  fetching,
  onMore,
  noun,
}: {
  shown: number;
  hasMore: boolean;
  fetching: boolean;
  onMore: () => void;
  noun: string;
}) {
  return (
    <Center py="md">
      {hasMore ? (
        <Button variant="light" onClick={onMore} loading={fetching}>
          Show more {noun}
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {shown > 0 ? `End of the list · ${shown.toLocaleString()} shown` : ''}
        </Text>
      )}
    </Center>
  );
}
