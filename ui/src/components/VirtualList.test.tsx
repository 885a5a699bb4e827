import { fireEvent, screen } from '@testing-library/react';
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
});
