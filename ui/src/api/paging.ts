import { keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Page, PageCursor, PageRequest } from '../bindings';

/** Rows read at a time: a few screens' worth, small enough to answer at once. */
const PAGE_SIZE = 100;

/** A long list read page by page, as the screens use it. */
export interface PagedList<T> {
  /** The rows of every page read so far, in order. */
  rows: T[];
  /** How many rows the whole filtered list has, loaded or not. */
  total: number;
  hasNextPage: boolean;
  fetchNextPage: () => void;
  isFetchingNextPage: boolean;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => void;
}

/**
 * Reads a list the backend pages: the first page, then the next one from the cursor of the
 * last whenever the screen asks. While a new filter loads, the last one's rows stay in view.
 */
export function usePagedList<T>(
  queryKey: QueryKey,
  fetchPage: (page: PageRequest) => Promise<Page<T>>,
  enabled = true,
): PagedList<T> {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage({ after: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as PageCursor | null,
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
    enabled,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? [], [query.data]);
  // The end was reached while the loaded pages were being read again (after `data-changed`):
  // the next page is read once that is done, from the refetched last page.
  const refetching = query.isFetching && !query.isFetchingNextPage;
  const wantsNext = useRef(false);
  useEffect(() => {
    if (wantsNext.current && !refetching) {
      wantsNext.current = false;
      void query.fetchNextPage();
    }
  });
  return {
    rows,
    total: query.data?.pages[0]?.total ?? 0,
    // The previous filter's cursor must not be used to page the new one.
    hasNextPage: query.hasNextPage && !query.isPlaceholderData,
    fetchNextPage: () => {
      if (refetching) wantsNext.current = true;
      else void query.fetchNextPage();
    },
    isFetchingNextPage: query.isFetchingNextPage,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    refetch: () => void query.refetch(),
  };
}

/** The rest of a list whose first page came with something else, as a card shows it. */
export interface MorePages<T> {
  /** The first page's rows, then those of every page read after it. */
  rows: T[];
  /** How many rows the whole list has, loaded or not. */
  total: number;
  hasMore: boolean;
  /** Reads the next page; after a failure, tries the same page again. */
  loadMore: () => void;
  loadingMore: boolean;
  /** Why the last page asked for could not be read. */
  error: Error | null;
}

/**
 * Pages a list whose first page came with something else (a client's page brings its first
 * quotes): the next ones are read from that page's cursor only once the user asks. The key
 * holds the cursor, so when the first page is refetched and now ends elsewhere, the pages read
 * after the old one are dropped and the rest starts again from the new one.
 */
export function useMorePages<T>(
  queryKey: (after: PageCursor | null) => QueryKey,
  first: Page<T>,
  fetchPage: (page: PageRequest) => Promise<Page<T>>,
  limit: number,
): MorePages<T> {
  const [asked, setAsked] = useState(false);
  const query = useInfiniteQuery({
    queryKey: queryKey(first.next),
    queryFn: ({ pageParam }) => fetchPage({ after: pageParam, limit }),
    initialPageParam: first.next,
    getNextPageParam: (last) => last.next,
    enabled: asked && first.next !== null,
  });
  const rows = useMemo(
    () => first.rows.concat(...(query.data?.pages.map((p) => p.rows) ?? [])),
    [first.rows, query.data],
  );
  return {
    rows,
    total: first.total,
    hasMore: query.data ? query.hasNextPage : first.next !== null,
    // The first call switches the query on; later ones read on from the last page (or read
    // the first again after it failed). A refetch under way finishes first.
    loadMore: () => (asked ? void query.fetchNextPage({ cancelRefetch: false }) : setAsked(true)),
    loadingMore: query.isLoading || query.isFetchingNextPage,
    error: query.error,
  };
}
