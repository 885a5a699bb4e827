import { Box, Group, Loader, Paper, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /**
   * A CSS grid track with a readable minimum, e.g. "120px" or "minmax(140px, 1fr)"; a bare
   * "1fr" could shrink a column until its header runs into the next.
   */
  width: string;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
}

interface VirtualListProps<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  onOpen: (row: T) => void;
  rowTestId?: (row: T) => string;
  rowLabel: (row: T) => string;
  testId?: string;
  /** Rows of the whole list when only part of it is loaded; `rows.length` otherwise. */
  total?: number;
  /** More rows follow the loaded ones. */
  hasMore?: boolean;
  /** The next rows are on their way: a loader row ends the list meanwhile. */
  loadingMore?: boolean;
  /** Asks for the next rows; called once per loaded list when its end comes near. */
  onEndReached?: () => void;
  /** Names the list shown (its filter): when it changes, the list starts again at its top. */
  listKey?: string;
}

const ROW_HEIGHT = 52;
const COLUMN_GAP = 12;
/** How close (in rows) the last rendered row gets to the loaded end before more are asked for. */
const END_THRESHOLD = 20;

/** Where the virtualiser put a row: out of the flow, at its offset from the list's top. */
const placedAt = (start: number) =>
  ({
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    transform: `translateY(${start}px)`,
  }) as const;

/** Headers and cells keep to one line and end in an ellipsis rather than overlap the next. */
const CELL = {
  minWidth: 0,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * A list that renders only the rows in view, so ten thousand clients scroll like ten.
 * Rows open with a click or Enter; arrow keys move between them.
 */
export function VirtualList<T>({
  rows,
  columns,
  rowKey,
  onOpen,
  rowTestId,
  rowLabel,
  testId,
  total = rows.length,
  hasMore = false,
  loadingMore = false,
  onEndReached,
  listKey,
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The rows more were last asked for: one request per loaded list, however often it renders.
  const askedFor = useRef<T[] | null>(null);
  // A row ArrowDown moved to before it was loaded; focused once it arrives.
  const pendingFocus = useRef<number | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the point
  const virtualizer = useVirtualizer({
    count: rows.length + (loadingMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Rows render before the first measurement (and in tests, where nothing has a size).
    initialRect: { width: 800, height: 600 },
    getItemKey: (index) => (index < rows.length ? rowKey(rows[index]) : 'loading-more'),
  });
  const template = columns.map((c) => c.width).join(' ');
  const items = virtualizer.getVirtualItems();
  const lastRendered = items.length > 0 ? items[items.length - 1].index : -1;

  const requestMore = () => {
    if (!hasMore || loadingMore || !onEndReached || askedFor.current === rows) return;
    askedFor.current = rows;
    onEndReached();
  };

  useEffect(() => {
    if (lastRendered >= rows.length - END_THRESHOLD) requestMore();
  });

  // A new search or filter is a new list: its first rows are what the user wants to see.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [listKey]);

  const focusRow = (index: number) => {
    if (index < 0) return;
    if (index >= rows.length) {
      if (hasMore) {
        pendingFocus.current = index;
        requestMore();
      }
      return;
    }
    virtualizer.scrollToIndex(index);
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
    });
  };

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null || index >= rows.length) return;
    pendingFocus.current = null;
    focusRow(index);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (event.key === 'Enter') onOpen(rows[index]);
    else if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else return;
    event.preventDefault();
  };

  return (
    <Paper
      withBorder
      style={{
        flex: 1,
        minHeight: 0,
        display: 'flex',
        flexDirection: 'column',
        overflow: 'hidden',
      }}
      data-testid={testId}
      role="table"
      aria-rowcount={total}
    >
      <Box
        className="list-header"
        role="row"
        style={{ display: 'grid', gridTemplateColumns: template, columnGap: COLUMN_GAP }}
        px="md"
        py={10}
      >
        {columns.map((c) => (
          <div key={c.key} role="columnheader" style={{ ...CELL, textAlign: c.align ?? 'left' }}>
            {c.header}
          </div>
        ))}
      </Box>
      <div ref={scrollRef} style={{ flex: 1, overflow: 'auto' }} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            if (item.index >= rows.length) {
              return (
                <Group
                  key={item.key}
                  role="row"
                  aria-busy
                  data-testid="list-loading-more"
                  px="md"
                  gap="xs"
                  style={placedAt(item.start)}
                >
                  <Loader size="xs" />
                  <Text role="cell" fz="sm" c="dimmed">
                    Loading more…
                  </Text>
                </Group>
              );
            }
            const row = rows[item.index];
            return (
              <Box
                key={item.key}
                data-index={item.index}
                className="list-row"
                role="row"
                tabIndex={0}
                aria-label={rowLabel(row)}
                data-testid={rowTestId?.(row)}
                onClick={() => onOpen(row)}
                onKeyDown={(e) => onKeyDown(e, item.index)}
                px="md"
                style={{
                  ...placedAt(item.start),
                  display: 'grid',
                  gridTemplateColumns: template,
                  columnGap: COLUMN_GAP,
                  alignItems: 'center',
                }}
              >
                {columns.map((c) => (
                  <div key={c.key} role="cell" style={{ ...CELL, textAlign: c.align ?? 'left' }}>
                    {c.render(row)}
                  </div>
                ))}
              </Box>
            );
          })}
        </div>
      </div>
    </Paper>
  );
}
