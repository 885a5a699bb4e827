import { Button, Group, Text } from '@mantine/core';
import { errorMessage } from '../api/errors';
import type { MorePages } from '../api/paging';
import { formatCount } from '../format/numbers';

/**
 * Ends a card's list that holds only some of its rows: how many are shown, and a button that
 * reads the next page (busy meanwhile; after a failure, the reason, and it tries again).
 */
export function ShowMore({
  list,
  label,
  testId,
}: {
  list: MorePages<unknown>;
  label: string;
  testId: string;
}) {
  if (!list.hasMore) return null;
  return (
    <>
      <Group justify="space-between" mt="sm" gap="sm">
        <Text fz="xs" c="dimmed" data-testid={`${testId}-count`}>
          Showing {formatCount(list.rows.length)} of {formatCount(list.total)}
        </Text>
        <Button
          variant="default"
          size="xs"
          loading={list.loadingMore}
          onClick={list.loadMore}
          data-testid={testId}
        >
          {label}
        </Button>
      </Group>
      {list.error && !list.loadingMore && (
        <Text fz="xs" c="red" mt={4} role="alert" data-testid={`${testId}-error`}>
          Could not load more: {errorMessage(list.error)}
        </Text>
      )}
    </>
  );
}
