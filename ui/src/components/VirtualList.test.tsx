import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders, stubViewport } from '../test/render';
import { VirtualList, type Column } from './VirtualList';

interface Row {
  id: number;
  name: string;
}

const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: i + 1,
  name: `Client ${i + 1}`,
}));
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', width: '1fr', render: (r) => r.name },
];

describe('VirtualList', () => {
  beforeEach(stubViewport);

  it('renders only the rows in view out of ten thousand', () => {
    renderWithProviders(
      <VirtualList
        rows={rows}
        columns={columns}
        rowKey={(r) => r.id}
        rowLabel={(r) => r.name}
        rowTestId={() => 'row'}
        onOpen={() => {}}
      />,
    );
    const rendered = screen.getAllByTestId('row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '10000');
  });

  it('opens a row with Enter', () => {
    const onOpen = vi.fn();
    renderWithProviders(
      <VirtualList
        rows={rows}
        columns={columns}
        rowKey={(r) => r.id}
        rowLabel={(r) => r.name}
        rowTestId={() => 'row'}
        onOpen={onOpen}
      />,
    );
    fireEvent.keyDown(screen.getByRole('row', { name: 'Client 3' }), { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith({ id: 3, name: 'Client 3' });
  });

  it('starts a new search at its top, and keeps the place while the same list grows', () => {
    function Harness() {
      const [listKey, setListKey] = useState('all');
      const [shown, setShown] = useState(rows);
      return (
        <>
          <button onClick={() => setShown([...rows, { id: 10_000, name: 'Client 10000' }])}>
            grow
          </button>
          <button onClick={() => setListKey('search:ann')}>search</button>
          <VirtualList
            rows={shown}
            columns={columns}
            rowKey={(r) => r.id}
            rowLabel={(r) => r.name}
            onOpen={() => {}}
            listKey={listKey}
          />
        </>
      );
    }
    renderWithProviders(<Harness />);
    const scroller = screen.getByRole('rowgroup');
    scroller.scrollTop = 5_000;
    fireEvent.click(screen.getByText('grow'));
    expect(scroller.scrollTop).toBe(5_000);
    fireEvent.click(screen.getByText('search'));
    expect(scroller.scrollTop).toBe(0);
  });
});

describe('VirtualList of a partly loaded list', () => {
  beforeEach(stubViewport);

  const loaded = rows.slice(0, 100);
  const list = (props: Partial<Parameters<typeof VirtualList<Row>>[0]> = {}) => (
    <VirtualList
      rows={loaded}
      columns={columns}
      rowKey={(r) => r.id}
      rowLabel={(r) => r.name}
      rowTestId={() => 'row'}
      onOpen={() => {}}
      total={10_000}
      hasMore
      {...props}
    />
  );
  const scrollTo = (top: number) => {
    const body = screen.getByRole('rowgroup');
    body.scrollTop = top;
    fireEvent.scroll(body);
  };

  it('counts the whole list and asks for more only near the loaded end, once', async () => {
    const onEndReached = vi.fn();
    renderWithProviders(list({ onEndReached }));
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '10000');
    expect(onEndReached).not.toHaveBeenCalled();
    scrollTo(50 * 52);
    expect(onEndReached).not.toHaveBeenCalled();
    scrollTo(90 * 52);
    await waitFor(() => expect(screen.getByRole('row', { name: 'Client 100' })).toBeVisible());
    expect(onEndReached).toHaveBeenCalledTimes(1);
    // Scrolling on renders the list again; the same rows are not asked for twice.
    scrollTo(92 * 52);
    scrollTo(95 * 52);
    await waitFor(() => expect(screen.getByRole('row', { name: 'Client 100' })).toBeVisible());
    expect(onEndReached).toHaveBeenCalledTimes(1);
  });

  it('ends in a loader row while the next rows load', () => {
    renderWithProviders(list({ rows: rows.slice(0, 5), loadingMore: true, onEndReached() {} }));
    const rendered = screen.getAllByRole('row');
    expect(rendered.at(-1)).toBe(screen.getByTestId('list-loading-more'));
    expect(rendered.at(-1)).toHaveTextContent('Loading more…');
  });

  it('moves ArrowDown past the last loaded row once the next rows arrive', async () => {
    const onEndReached = vi.fn();
    function Growing() {
      const [count, setCount] = useState(3);
      const [loading, setLoading] = useState(false);
      return (
        <>
          {list({
            rows: rows.slice(0, count),
            hasMore: count < 9,
            loadingMore: loading,
            onEndReached: () => {
              onEndReached();
              setLoading(true);
            },
          })}
          <button
            onClick={() => {
              setCount((c) => c + 3);
              setLoading(false);
            }}
          >
            deliver
          </button>
        </>
      );
    }
    renderWithProviders(<Growing />);
    // Three rows are all near the end: the next ones were asked for at once.
    expect(onEndReached).toHaveBeenCalledTimes(1);
    const last = screen.getByRole('row', { name: 'Client 3' });
    last.focus();
    fireEvent.keyDown(last, { key: 'ArrowDown' });
    expect(last).toHaveFocus();
    fireEvent.click(screen.getByText('deliver'));
    await waitFor(() => expect(screen.getByRole('row', { name: 'Client 4' })).toHaveFocus());
    expect(onEndReached).toHaveBeenCalledTimes(2);
  });
});
