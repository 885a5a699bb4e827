import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientSummary } from '../../bindings';
import {
  dataChanged,
  mockBackend,
  pageOf,
  renderWithProviders,
  stubViewport,
  wireError,
} from '../../test/render';
import { ClientsPage } from './ClientsPage';

const row = (id: number, name: string): ClientSummary => ({
  id,
  name,
  company: null,
  email: `${name.toLowerCase()}@example.com`,
  phone: null,
  archived: false,
  open_quotes: 0,
  open_invoices: 0,
  version: 1,
});

describe('ClientsPage', () => {
  beforeEach(stubViewport);

  it('invites to add the first client when there is none', async () => {
    mockBackend({ list_clients: () => pageOf([]) });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findByText('No clients yet')).toBeInTheDocument();
    expect(screen.getByTestId('empty-new-client')).toBeInTheDocument();
  });

  it('shows the error and retries on request', async () => {
    let fail = true;
    mockBackend({
      list_clients: () => {
        if (fail) throw wireError('database', 'database error: disk I/O error');
        return pageOf([row(1, 'Ada')]);
      },
    });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findByTestId('error-state')).toHaveTextContent(
      'Database error: disk I/O error',
    );
    fail = false;
    await userEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByText('Ada')).toBeInTheDocument();
  });

  it('searches as the user types', async () => {
    const calls = mockBackend({
      list_clients: (_c, args) => {
        const search = (args.filter as { search: string | null }).search;
        return pageOf(
          [row(1, 'Ada'), row(2, 'Grace')].filter((c) => !search || c.name.includes(search)),
        );
      },
    });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findAllByTestId('client-row')).toHaveLength(2);
    await userEvent.type(screen.getByTestId('client-search'), 'Gra');
    await waitFor(() => expect(screen.getAllByTestId('client-row')).toHaveLength(1));
    expect(calls.at(-1)?.args).toEqual({
      filter: { search: 'Gra', include_archived: false },
      page: { after: null, limit: 100 },
    });
    expect(screen.getByText('1 matching')).toBeInTheDocument();
  });

  it('tells when a search matches nothing', async () => {
    mockBackend({
      list_clients: (_c, args) =>
        pageOf((args.filter as { search: string | null }).search ? [] : [row(1, 'Ada')]),
    });
    renderWithProviders(<ClientsPage />);
    await screen.findByText('Ada');
    await userEvent.type(screen.getByTestId('client-search'), 'zzz');
    expect(await screen.findByText('No client matches “zzz”')).toBeInTheDocument();
  });

  it('reads the next page from the cursor as the list nears its end, and counts them all', async () => {
    const clients = Array.from({ length: 250 }, (_, i) => row(i + 1, `Client${i + 1}`));
    const cursor = (id: number) => ({ key: `Client${id}`, id });
    let release = () => {};
    const calls = mockBackend({
      list_clients: async (_c, args) => {
        const after = (args.page as { after: { id: number } | null }).after;
        const start = after ? after.id : 0;
        // The second page waits until the test lets it through.
        if (start > 0) await new Promise<void>((resolve) => (release = resolve));
        const end = Math.min(start + 100, clients.length);
        return pageOf(clients.slice(start, end), 250, end < 250 ? cursor(end) : null);
      },
    });
    renderWithProviders(<ClientsPage />);
    await screen.findAllByTestId('client-row');
    expect(screen.getByText('250 clients')).toBeInTheDocument();
    expect(screen.getByTestId('client-list')).toHaveAttribute('aria-rowcount', '250');
    const pages = () => calls.filter((c) => c.cmd === 'list_clients').map((c) => c.args.page);
    expect(pages()).toEqual([{ after: null, limit: 100 }]);

    const body = screen.getByRole('rowgroup');
    body.scrollTop = 100 * 52 - 600;
    fireEvent.scroll(body);
    expect(await screen.findByTestId('list-loading-more')).toHaveTextContent('Loading more…');
    expect(pages()).toEqual([
      { after: null, limit: 100 },
      { after: cursor(100), limit: 100 },
    ]);
    release();
    expect(await screen.findByRole('row', { name: 'Client101' })).toBeInTheDocument();
    expect(screen.queryByTestId('list-loading-more')).toBeNull();
    // The subtitle counts the whole list, not the 200 rows read so far.
    expect(screen.getByText('250 clients')).toBeInTheDocument();
  });

  it('still reads the next page when the end is reached during a refetch that changed nothing', async () => {
    const clients = Array.from({ length: 150 }, (_, i) => row(i + 1, `Client${i + 1}`));
    const cursor = (id: number) => ({ key: `Client${id}`, id });
    let holdFirst = false;
    let release = () => {};
    const calls = mockBackend({
      list_clients: async (_c, args) => {
        const after = (args.page as { after: { id: number } | null }).after;
        const start = after ? after.id : 0;
        // The refetch of the first page waits until the test lets it through.
        if (start === 0 && holdFirst) await new Promise<void>((resolve) => (release = resolve));
        const end = Math.min(start + 100, clients.length);
        return pageOf(clients.slice(start, end), 150, end < 150 ? cursor(end) : null);
      },
    });
    renderWithProviders(<ClientsPage />);
    await screen.findAllByTestId('client-row');
    // A sync elsewhere touched clients: the loaded page is read again, and answers the same.
    holdFirst = true;
    dataChanged('clients');
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'list_clients')).toHaveLength(2));
    const body = screen.getByRole('rowgroup');
    body.scrollTop = 100 * 52 - 600;
    fireEvent.scroll(body);
    release();
    expect(await screen.findByRole('row', { name: 'Client101' })).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'list_clients').map((c) => c.args.page)).toContainEqual({
      after: cursor(100),
      limit: 100,
    });
  });

  it('reads the list again when the backend reports a change', async () => {
    let stored = [row(1, 'Ada')];
    mockBackend({ list_clients: () => pageOf(stored) });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findByText('1 client')).toBeInTheDocument();
    stored = [row(1, 'Ada'), row(2, 'Grace')];
    // Another window added a client.
    dataChanged('clients');
    expect(await screen.findByText('Grace')).toBeInTheDocument();
    expect(screen.getByText('2 clients')).toBeInTheDocument();
  });
});
