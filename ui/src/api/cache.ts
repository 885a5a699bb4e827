import { useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * Returns a callback that shows a command's answer on its detail page at once; the
 * backend's `data-changed` event refetches everything else. A newer version already in the
 * cache (a refetch that overtook the answer) is kept.
 */
export function useStoreDetail<T extends { id: number; version: number }>(
  detailKey: (id: number) => QueryKey,
): (fresh: T) => void {
  const queryClient = useQueryClient();
  return (fresh) => {
    queryClient.setQueryData<T>(detailKey(fresh.id), (cached) =>
      cached && cached.version > fresh.version ? cached : fresh,
    );
  };
}
