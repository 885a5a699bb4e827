import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meetingFilter } from '../../api/meetings';
import type { Activity, ClientDetail, PageCursor, QuoteSummary } from '../../bindings';
import { todayIsoDate } from '../../format/dates';
import { connectedView, meeting } from '../../test/meetingFixtures';
import { dataChanged, mockBackend, pageOf, renderWithProviders } from '../../test/render';
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
  quotes: pageOf([]),
  invoices: pageOf([]),
  activity: pageOf([
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
  ]),
};

const quote = (id: number): QuoteSummary => ({
  id,
  number: `QUO-${String(id).padStart(4, '0')}`,
  client_id: 5,
  client_name: 'Grace Hopper',
  status: 'sent',
  currency: 'EUR',
  total_minor: 1000,
  valid_until: null,
  invoice_id: null,
  updated_at: '2025-01-01T10:00:00Z',
  version: 1,
});

const cursor = (id: number): PageCursor => ({ key: '2025-01-01T10:00:00Z', id });

const quoteNumbers = () =>
  screen.getAllByTestId('quote-row').map((r) => r.getAttribute('aria-label'));

function renderPage() {
  renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
}

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
    const first = { ...detail, activity: pageOf(detail.activity.rows.slice(0, 1)) };
    let stored = first;
    mockBackend({ get_client: () => stored });
    renderWithProviders(<ClientDetailPage />, { route: '/clients/5', path: '/clients/:id' });
    expect(await screen.findAllByTestId('timeline-entry')).toHaveLength(1);
    stored = {
      ...first,
      activity: pageOf([
        {
          ...detail.activity.rows[0],
          id: 2,
          kind: 'quote_accepted',
          occurred_at: '2025-01-03T10:00:00Z',
        },
        ...first.activity.rows,
      ]),
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

  it('shows more quotes from the cursor of the first page and keeps the total', async () => {
    const calls = mockBackend({
      get_client: () => ({ ...detail, quotes: pageOf([quote(9), quote(8)], 120, cursor(8)) }),
      list_quotes: (_c, args) =>
        (args.page as { after: PageCursor }).after.id === 8
          ? pageOf([quote(7), quote(6)], 120, cursor(6))
          : pageOf([quote(5)], 120, cursor(5)),
    });
    renderPage();
    expect(await screen.findByTestId('client-tab-quotes')).toHaveTextContent('Quotes (120)');
    expect(quoteNumbers()).toEqual(['QUO-0009', 'QUO-0008']);
    expect(screen.getByTestId('client-quotes-more-count')).toHaveTextContent('Showing 2 of 120');
    await userEvent.click(screen.getByTestId('client-quotes-more'));
    await waitFor(() =>
      expect(quoteNumbers()).toEqual(['QUO-0009', 'QUO-0008', 'QUO-0007', 'QUO-0006']),
    );
    await userEvent.click(screen.getByTestId('client-quotes-more'));
    await waitFor(() => expect(quoteNumbers()).toHaveLength(5));
    expect(calls.filter((c) => c.cmd === 'list_quotes').map((c) => c.args)).toEqual([
      {
        filter: { client_id: 5, status: null, search: null },
        page: { after: cursor(8), limit: 50 },
      },
      {
        filter: { client_id: 5, status: null, search: null },
        page: { after: cursor(6), limit: 50 },
      },
    ]);
    expect(screen.getByTestId('client-tab-quotes')).toHaveTextContent('Quotes (120)');
  });

  it('reads the pages after the first again when the backend reports a change', async () => {
    let stored: ClientDetail = { ...detail, quotes: pageOf([quote(3)], 3, cursor(3)) };
    const calls = mockBackend({
      get_client: () => stored,
      list_quotes: (_c, args) =>
        (args.page as { after: PageCursor }).after.id === 4
          ? pageOf([quote(3), quote(2), quote(1)], 4)
          : pageOf([quote(2), quote(1)], 3),
    });
    renderPage();
    await userEvent.click(await screen.findByTestId('client-quotes-more'));
    await waitFor(() => expect(quoteNumbers()).toEqual(['QUO-0003', 'QUO-0002', 'QUO-0001']));
    expect(screen.queryByTestId('client-quotes-more')).toBeNull();
    // Another window added a quote: the first page now ends elsewhere, and the rest is read
    // again from there rather than kept from before.
    stored = { ...detail, quotes: pageOf([quote(4)], 4, cursor(4)) };
    dataChanged('quotes', 'clients', 'activity', 'dashboard');
    await waitFor(() =>
      expect(quoteNumbers()).toEqual(['QUO-0004', 'QUO-0003', 'QUO-0002', 'QUO-0001']),
    );
    expect(screen.getByTestId('client-tab-quotes')).toHaveTextContent('Quotes (4)');
    expect(calls.filter((c) => c.cmd === 'list_quotes').at(-1)?.args.page).toEqual({
      after: cursor(4),
      limit: 50,
    });
  });

  it('shows more invoices from the cursor of the first page', async () => {
    const invoice = { ...quote(0), number: 'INV-0001', issue_date: '2025-01-01' };
    const calls = mockBackend({
      get_client: () => ({
        ...detail,
        invoices: pageOf(
          [{ ...invoice, id: 2, number: 'INV-0002', due_date: '2025-02-01', paid_on: null }],
          2,
          cursor(2),
        ),
      }),
      list_invoices: () =>
        pageOf([{ ...invoice, id: 1, due_date: '2025-02-01', paid_on: null }], 2),
    });
    renderPage();
    await userEvent.click(await screen.findByTestId('client-tab-invoices'));
    await userEvent.click(screen.getByTestId('client-invoices-more'));
    await waitFor(() => expect(screen.getAllByTestId('invoice-row')).toHaveLength(2));
    expect(calls.find((c) => c.cmd === 'list_invoices')?.args).toEqual({
      filter: { client_id: 5, status: null, search: null },
      page: { after: cursor(2), limit: 50 },
    });
    expect(screen.queryByTestId('client-invoices-more')).toBeNull();
  });

  it('shows earlier timeline entries from the cursor, with how many there are', async () => {
    let answer: (page: unknown) => void = () => {};
    const earlier: Activity = { ...detail.activity.rows[0], id: 0, kind: 'client_created' };
    const calls = mockBackend({
      get_client: () => ({ ...detail, activity: pageOf(detail.activity.rows, 2345, cursor(1)) }),
      list_client_activity: () => new Promise((resolve) => (answer = resolve)),
    });
    renderPage();
    expect(await screen.findByTestId('client-activity-more-count')).toHaveTextContent(
      'Showing 2 of 2,345',
    );
    const more = screen.getByTestId('client-activity-more');
    expect(more).toHaveTextContent('Show earlier');
    await userEvent.click(more);
    await waitFor(() => expect(more).toHaveAttribute('data-loading'));
    expect(calls.find((c) => c.cmd === 'list_client_activity')?.args).toEqual({
      clientId: 5,
      page: { after: cursor(1), limit: 100 },
    });
    answer(pageOf([earlier], 2345, cursor(0)));
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(3));
    expect(screen.getAllByTestId('timeline-entry')[2]).toHaveAttribute(
      'data-kind',
      'client_created',
    );
    expect(screen.getByTestId('client-activity-more-count')).toHaveTextContent(
      'Showing 3 of 2,345',
    );
    expect(more).not.toHaveAttribute('data-loading');
  });

  it("lists the client's next few meetings and counts the rest", async () => {
    const upcoming = [1, 2, 3, 4, 5].map((day) =>
      meeting({
        client_id: 5,
        start_time: `2099-01-0${day}T10:00:00.000000Z`,
        end_time: `2099-01-0${day}T10:30:00.000000Z`,
      }),
    );
    const calls = mockBackend({
      get_client: () => detail,
      calendly_status: () => connectedView,
      list_meeting_page: () => pageOf(upcoming, 12),
    });
    renderPage();
    const more = await screen.findByTestId('client-meetings-more');
    expect(more).toHaveTextContent('+7 more');
    expect(more).toHaveAttribute('href', '/meetings');
    expect(
      screen.getByTestId('client-meetings').querySelectorAll('[data-testid="meeting-row"]'),
    ).toHaveLength(5);
    expect(calls.filter((c) => c.cmd === 'list_meeting_page').map((c) => c.args)).toEqual([
      {
        filter: meetingFilter({
          client_id: 5,
          from: todayIsoDate(),
          status: 'scheduled',
          upcoming: true,
        }),
        page: { limit: 5 },
        newestFirst: false,
      },
    ]);
    expect(calls.some((c) => c.cmd === 'list_meetings')).toBe(false);
  });
});
