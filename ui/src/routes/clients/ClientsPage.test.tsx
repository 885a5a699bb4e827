import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientSummary } from '../../bindings';
import { mockBackend, renderWithProviders, stubViewport, wireError } from '../../test/render';
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
    mockBackend({ list_clients: () => [] });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findByText('No clients yet')).toBeInTheDocument();
    expect(screen.getByTestId('empty-new-client')).toBeInTheDocument();
  });

  it('shows the error and retries on request', async () => {
    let fail = true;
    mockBackend({
      list_clients: () => {
        if (fail) throw wireError('database', 'database error: disk I/O error');
        return [row(1, 'Ada')];
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
        return [row(1, 'Ada'), row(2, 'Grace')].filter((c) => !search || c.name.includes(search));
      },
    });
    renderWithProviders(<ClientsPage />);
    expect(await screen.findAllByTestId('client-row')).toHaveLength(2);
    await userEvent.type(screen.getByTestId('client-search'), 'Gra');
    await waitFor(() => expect(screen.getAllByTestId('client-row')).toHaveLength(1));
    expect(calls.at(-1)?.args).toEqual({ filter: { search: 'Gra', include_archived: false } });
  });

  it('tells when a search matches nothing', async () => {
    mockBackend({
      list_clients: (_c, args) =>
        (args.filter as { search: string | null }).search ? [] : [row(1, 'Ada')],
    });
    renderWithProviders(<ClientsPage />);
    await screen.findByText('Ada');
    await userEvent.type(screen.getByTestId('client-search'), 'zzz');
    expect(await screen.findByText('No client matches “zzz”')).toBeInTheDocument();
  });
});
