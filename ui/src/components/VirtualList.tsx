import { Box, Paper } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

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
}

const ROW_HEIGHT = 52;
const COLUMN_GAP = 12;

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
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the point
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Rows render before the first measurement (and in tests, where nothing has a size).
    initialRect: { width: 800, height: 600 },
    getItemKey: (index) => rowKey(rows[index]),
  });
  const template = columns.map((c) => c.width).join(' ');

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index);
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
    });
  };

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
      aria-rowcount={rows.length}
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
          {virtualizer.getVirtualItems().map((item) => {
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
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
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
