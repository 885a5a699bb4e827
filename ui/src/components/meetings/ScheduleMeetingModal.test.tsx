import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BookingLink, ClientDetail, QuoteFilter } from '../../bindings';
import { connectedView, disconnectedView } from '../../test/meetingFixtures';
import { mockBackend, pageOf, renderWithProviders, wireError } from '../../test/render';
import { ScheduleMeetingModal } from './ScheduleMeetingModal';

const detail: ClientDetail = {
  client: {
    id: 1,
    name: 'Ada Lovelace',
    company: null,
    email: 'ada@example.com',
    phone: null,
    address: null,
    notes: null,
    tax_number: null,
    archived: false,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
  },
  quotes: pageOf([
    {
      id: 5,
      number: 'Q-0005',
      client_id: 1,
      client_name: 'Ada Lovelace',
      status: 'sent',
      currency: 'EUR',
      total_minor: 1000,
      valid_until: null,
      invoice_id: null,
      updated_at: '2026-01-01T00:00:00Z',
      version: 1,
    },
  ]),
  invoices: pageOf([]),
  activity: pageOf([]),
};

const link: BookingLink = {
  id: 1,
  booking_url: 'https://calendly.com/d/abc-123?utm_source=quotla&utm_content=t0k3n',
  event_type_uri: 'https://api.calendly.com/event_types/E1',
  client_id: 1,
  quote_id: 5,
  quote_number: 'Q-0005',
  invoice_id: null,
  invoice_number: null,
  created_at: '2026-11-30T10:00:00Z',
};

const profile = { name: 'Avery Studio' };

function backend(
  extra: Record<string, (cmd: string, args: Record<string, unknown>) => unknown> = {},
) {
  return mockBackend({
    calendly_status: () => connectedView,
    get_client: () => detail,
    list_clients: () => pageOf([]),
    list_quotes: () => detail.quotes,
    list_invoices: () => detail.invoices,
    find_client_by_email: () => null,
    get_business_profile: () => profile,
    create_booking_link: () => link,
    open_external: () => null,
    ...extra,
  });
}

describe('ScheduleMeetingModal', () => {
  it('makes a link for a quote with the default event type, and mails it', async () => {
    const calls = backend();
    renderWithProviders(
      <ScheduleMeetingModal
        opened
        onClose={() => {}}
        target={{ clientId: 1, quoteNumber: 'Q-0005' }}
      />,
    );
    expect(await screen.findByTestId('schedule-client')).toHaveTextContent('Ada Lovelace');
    await userEvent.click(screen.getByTestId('schedule-generate'));
    expect(await screen.findByTestId('schedule-link')).toHaveValue(link.booking_url);
    expect(calls.find((c) => c.cmd === 'create_booking_link')?.args).toEqual({
      clientId: 1,
      quoteNumber: 'Q-0005',
      invoiceNumber: null,
      eventTypeUri: 'https://api.calendly.com/event_types/E1',
    });
    await userEvent.click(screen.getByTestId('schedule-email'));
    const url = calls.find((c) => c.cmd === 'open_external')?.args.url as string;
    expect(url.startsWith('mailto:ada%40example.com?')).toBe(true);
    expect(decodeURIComponent(url)).toContain(link.booking_url);
  });

  it('says why when Calendly is not connected, and makes no link', async () => {
    const calls = backend({ calendly_status: () => disconnectedView });
    renderWithProviders(
      <ScheduleMeetingModal opened onClose={() => {}} target={{ clientId: 1 }} />,
    );
    expect(await screen.findByTestId('schedule-blocked')).toHaveTextContent(/Connect Calendly/);
    expect(calls.some((c) => c.cmd === 'create_booking_link')).toBe(false);
  });

  it('says which permission is missing', async () => {
    backend({
      calendly_status: () => ({
        ...connectedView,
        features: [
          {
            feature: 'Send booking links',
            available: false,
            reason:
              'Calendly did not grant scheduling_links:write. Reconnect and allow it to use this.',
          },
        ],
      }),
    });
    renderWithProviders(
      <ScheduleMeetingModal opened onClose={() => {}} target={{ clientId: 1 }} />,
    );
    expect(await screen.findByTestId('schedule-blocked')).toHaveTextContent(
      'scheduling_links:write',
    );
  });

  it('shows the failure and keeps the form when Calendly refuses', async () => {
    backend({
      create_booking_link: () => {
        throw wireError(
          'calendly_unavailable',
          'Calendly could not be reached. Check your connection.',
        );
      },
    });
    renderWithProviders(
      <ScheduleMeetingModal opened onClose={() => {}} target={{ clientId: 1 }} />,
    );
    await userEvent.click(await screen.findByTestId('schedule-generate'));
    expect(await screen.findByTestId('schedule-error')).toHaveTextContent('could not be reached');
    expect(screen.getByTestId('schedule-generate')).toBeEnabled();
  });

  it('asks for a new default when the default event type is gone', async () => {
    const calls = backend({
      calendly_status: () => ({
        ...connectedView,
        event_types: connectedView.event_types.filter((t) => !t.uri.endsWith('E1')),
      }),
    });
    renderWithProviders(
      <ScheduleMeetingModal opened onClose={() => {}} target={{ clientId: 1 }} />,
    );
    expect(await screen.findByTestId('schedule-default-missing')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('schedule-generate'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'create_booking_link')?.args.eventTypeUri).toBe(
        'https://api.calendly.com/event_types/E2',
      ),
    );
  });

  it('offers the existing client instead of adding a prospect twice', async () => {
    const calls = backend({ find_client_by_email: () => detail.client });
    renderWithProviders(<ScheduleMeetingModal opened onClose={() => {}} />);
    await userEvent.click(await screen.findByRole('radio', { name: 'New prospect' }));
    await userEvent.type(screen.getByTestId('schedule-prospect-name'), 'Ada L.');
    await userEvent.type(screen.getByTestId('schedule-prospect-email'), 'ada@example.com');
    await userEvent.click(screen.getByTestId('schedule-generate'));
    expect(await screen.findByTestId('schedule-twin')).toHaveTextContent(
      'Ada Lovelace already has this e-mail address',
    );
    expect(calls.find((c) => c.cmd === 'find_client_by_email')?.args.email).toBe('ada@example.com');
    expect(calls.some((c) => c.cmd === 'create_client')).toBe(false);
    await userEvent.click(screen.getByTestId('schedule-use-twin'));
    await userEvent.click(screen.getByTestId('schedule-generate'));
    expect(await screen.findByTestId('schedule-link-ready')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'create_booking_link')?.args.clientId).toBe(1);
  });

  it('checks a new prospect before creating the client', async () => {
    const calls = backend({
      create_client: (_cmd, args) => ({ ...detail.client, id: 9, ...(args.input as object) }),
    });
    renderWithProviders(<ScheduleMeetingModal opened onClose={() => {}} />);
    await userEvent.click(await screen.findByRole('radio', { name: 'New prospect' }));
    await userEvent.type(screen.getByTestId('schedule-prospect-email'), 'not-an-address');
    await userEvent.click(screen.getByTestId('schedule-generate'));
    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText('Enter an e-mail address like name@example.com')).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'create_client')).toBe(false);

    await userEvent.type(screen.getByTestId('schedule-prospect-name'), 'Grace Hopper');
    await userEvent.clear(screen.getByTestId('schedule-prospect-email'));
    await userEvent.type(screen.getByTestId('schedule-prospect-email'), 'grace@example.com');
    await userEvent.click(screen.getByTestId('schedule-generate'));
    expect(await screen.findByTestId('schedule-link-ready')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'create_booking_link')?.args.clientId).toBe(9);
  });

  it("searches the client's quotes and invoices as one types, and links the one picked", async () => {
    const older = { ...detail.quotes.rows[0], id: 42, number: 'Q-0042' };
    const calls = backend({
      list_quotes: (_c, args) =>
        (args.filter as QuoteFilter).search === '0042'
          ? pageOf([older])
          : pageOf(detail.quotes.rows, 300, { key: '2026-01-01T00:00:00Z', id: 5 }),
    });
    renderWithProviders(
      <ScheduleMeetingModal opened onClose={() => {}} target={{ clientId: 1 }} />,
    );
    const select = await screen.findByTestId('schedule-document');
    await waitFor(() => expect(select).toHaveValue('Nothing else — just the client'));
    await userEvent.clear(select);
    await userEvent.type(select, '0042');
    await userEvent.click(await screen.findByText('Quote Q-0042'));
    const searched = { client_id: 1, status: null, search: '0042' };
    expect(calls.filter((c) => c.cmd === 'list_quotes').map((c) => c.args)).toContainEqual({
      filter: searched,
      page: { limit: 50 },
    });
    expect(calls.filter((c) => c.cmd === 'list_invoices').map((c) => c.args)).toContainEqual({
      filter: searched,
      page: { limit: 50 },
    });
    // The choice stays named once the matches go back to the latest quotes.
    await new Promise((settle) => setTimeout(settle, 200));
    expect(select).toHaveValue('Quote Q-0042');
    await userEvent.click(screen.getByTestId('schedule-generate'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'create_booking_link')?.args.quoteNumber).toBe('Q-0042'),
    );
  });
});
