import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ClientDetail } from '../../bindings';
import { dataChanged, mockBackend, renderWithProviders } from '../../test/render';
import { ClientDetailPage } from './ClientDetailPage';

const detail: ClientDetail = {
  client: {
    id: 5,
    name: 'Grace Hopper',
    company: 'Compilers Inc',
    email: 'grace@example.com',
    phone: null,
    address: null,
    notes: null,
    tax_number: null,
    archived: false,
    created_at: '2025-01-01T10:00:00Z',
    updated_at: '2025-01-01T10:00:00Z',
    version: 1,
  },
  quotes: [],
  invoices: [],
  activity: [
    {
      id: 1,
      client_id: 5,
      kind: 'quote_sent',
      quote_id: 9,
      quote_number: 'QUO-0009',
      invoice_id: null,
      invoice_number: null,
      meeting_invitee_uri: null,
      meeting_start_time: null,
      occurred_at: '2025-01-02T10:00:00Z',
    },
    {
      id: 2,
      client_id: 5,
      kind: 'meeting_booked',
      quote_id: 9,
      quote_number: 'QUO-0009',
      invoice_id: null,
      invoice_number: null,
      meeting_invitee_uri: 'https://api.calendly.com/scheduled_events/E/invitees/I',
      meeting_start_time: '2025-01-10T09:00:00.000000Z',
      occurred_at: '2025-01-03T10:00:00Z',
    },
  ],
};

describe('ClientDetailPage', () => {
  it('shows the timeline with links to the documents', async () => {
    mockBackend({ get_client: () => detail });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    const [sent, booked] = await screen.findAllByTestId('timeline-entry');
    expect(sent).toHaveAttribute('data-kind', 'quote_sent');
    expect(sent).toHaveTextContent('Quote sent');
    expect(screen.getAllByRole('link', { name: 'QUO-0009' })[0]).toHaveAttribute(
      'href',
      '/quotes/9',
    );
    expect(booked).toHaveAttribute('data-kind', 'meeting_booked');
    expect(booked).toHaveTextContent('Meeting booked');
    expect(screen.getByTestId('timeline-meeting-time')).toHaveTextContent('2025');
  });

  it('tells the user when a client with documents was archived instead of deleted', async () => {
    let stored = detail;
    const calls = mockBackend({
      get_client: () => stored,
      delete_client: () => {
        stored = { ...detail, client: { ...detail.client, archived: true, version: 2 } };
        dataChanged('clients', 'quotes', 'invoices', 'activity', 'dashboard');
        return { outcome: 'archived' };
      },
    });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    await userEvent.click(await screen.findByTestId('client-more'));
    await userEvent.click(await screen.findByTestId('client-delete'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    expect(await screen.findByText('Grace Hopper was archived, not deleted')).toBeInTheDocument();
    expect(await screen.findByTestId('client-archived')).toHaveTextContent('Archived');
    expect(calls.filter((c) => c.cmd === 'delete_client')).toEqual([
      { cmd: 'delete_client', args: { id: 5 } },
    ]);
  });

  it('shows a change made in another window once the backend reports it', async () => {
    const first = { ...detail, activity: detail.activity.slice(0, 1) };
    let stored = first;
    mockBackend({ get_client: () => stored });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    expect(await screen.findAllByTestId('timeline-entry')).toHaveLength(1);
    stored = {
      ...first,
      activity: [
        {
          ...detail.activity[0],
          id: 2,
          kind: 'quote_accepted',
          occurred_at: '2025-01-03T10:00:00Z',
        },
        ...first.activity,
      ],
    };
    // Another window accepted the quote; the backend names every root that shows it.
    dataChanged('quotes', 'clients', 'activity', 'dashboard');
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(2));
    expect(screen.getAllByTestId('timeline-entry')[0]).toHaveTextContent('Quote accepted');
  });

  it('shows a not-found error with a retry', async () => {
    mockBackend({
      get_client: () => {
        throw { code: 'not_found', message: 'client 5 was not found', field: null };
      },
    });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    expect(await screen.findByTestId('error-state')).toHaveTextContent('Client 5 was not found');
    expect(screen.getByTestId('retry')).toBeInTheDocument();
  });

  it('lets a name of one 200-letter word wrap instead of widening the page', async () => {
    const name = 'W'.repeat(200);
    mockBackend({
      get_client: () => ({ ...detail, client: { ...detail.client, name, company: name } }),
    });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    const wraps = (el: HTMLElement) => el.closest('.wrap-anywhere') !== null;
    expect(wraps(await screen.findByTestId('client-title'))).toBe(true);
    for (const el of screen.getAllByText(name)) expect(wraps(el)).toBe(true);
    expect(wraps(screen.getByText(`No quotes for ${name} yet.`))).toBe(true);
    expect(wraps(screen.getByTestId('timeline'))).toBe(true);
  });
});
