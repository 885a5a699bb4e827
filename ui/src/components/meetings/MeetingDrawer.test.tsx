import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { InvoiceFilter, InvoiceSummary, Meeting } from '../../bindings';
import { connectedView, disconnectedView, meeting } from '../../test/meetingFixtures';
import {
  mockBackend,
  pageOf,
  renderWithProviders,
  wireError,
  type IpcHandler,
} from '../../test/render';
import { MeetingDrawer } from './MeetingDrawer';

function open(m: Meeting, chain: Meeting[] = [m], extra: Record<string, IpcHandler> = {}) {
  const calls = mockBackend({
    calendly_status: () => connectedView,
    get_meeting: () => ({ meeting: m, chain }),
    open_external: () => null,
    ...extra,
  });
  renderWithProviders(<MeetingDrawer />, {
    route: `/?meeting=${encodeURIComponent(m.invitee_uri)}`,
  });
  return calls;
}

describe('MeetingDrawer', () => {
  it('shows when, who, where and the answers, and opens an https join link', async () => {
    const m = meeting({
      location: 'Zoom',
      questions_and_answers: [{ question: 'What about?', answer: 'The kitchen', position: 0 }],
    });
    const calls = open(m);
    expect(await screen.findByTestId('meeting-title')).toHaveTextContent('Intro call');
    expect(screen.getByTestId('meeting-invitee')).toHaveTextContent(
      'Ada Lovelace · ada@example.com',
    );
    expect(screen.getByTestId('meeting-answers')).toHaveTextContent('The kitchen');
    await userEvent.click(screen.getByTestId('meeting-join'));
    expect(calls.find((c) => c.cmd === 'open_external')?.args.url).toBe(
      'https://zoom.example.com/j/123',
    );
  });

  it('shows a hostile booking as inert text and offers no javascript: link', async () => {
    const script = '<script>window.__pwned = 1</script>';
    const m = meeting({
      client_id: null,
      client_name: null,
      name: `<img src=x onerror="window.__pwned=1">${'A'.repeat(5000)}`,
      location: script,
      join_url: 'javascript:window.__pwned=1',
      questions_and_answers: [
        { question: script, answer: `<b>bold</b>${'B'.repeat(10000)}`, position: 0 },
      ],
      event_type_name: '<h1>Big</h1>',
    });
    open(m);
    expect(await screen.findByTestId('meeting-location')).toHaveTextContent(script);
    expect(screen.getByTestId('meeting-title')).toHaveTextContent('<h1>Big</h1>');
    expect(screen.queryByTestId('meeting-join')).toBeNull();
    expect(screen.getByTestId('meeting-join-unsafe')).toHaveTextContent('not a secure');
    // The 5000-letter name and the 10000-letter answer wrap inside the drawer.
    expect(screen.getByTestId('meeting-invitee').closest('.wrap-anywhere')).not.toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
    expect(document.querySelector('script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('cancels with a reason after warning about group events', async () => {
    const m = meeting();
    const calls = open(m, [m], {
      cancel_meeting: () => ({ ...m, status: 'canceled', cancel_reason: 'Double booked' }),
    });
    await userEvent.click(await screen.findByTestId('meeting-cancel'));
    expect(
      await screen.findByText(/for every invitee, if it is a group event/),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('cancel-reason'), 'Double booked');
    await userEvent.click(screen.getByTestId('cancel-confirm'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'cancel_meeting')?.args).toEqual({
        inviteeUri: m.invitee_uri,
        reason: 'Double booked',
      }),
    );
    await waitFor(() => expect(screen.getByTestId('meeting-phase')).toHaveTextContent('Canceled'));
    expect(screen.getByTestId('meeting-cancel-reason')).toHaveTextContent('Double booked');
    await waitFor(() => expect(screen.queryByTestId('cancel-reason')).toBeNull());
  });

  it('keeps the dialog open with the reason when cancelling fails', async () => {
    const m = meeting();
    open(m, [m], {
      cancel_meeting: () => {
        throw wireError('calendly_unavailable', 'Calendly could not be reached.');
      },
    });
    await userEvent.click(await screen.findByTestId('meeting-cancel'));
    await userEvent.type(await screen.findByTestId('cancel-reason'), 'Sick');
    await userEvent.click(screen.getByTestId('cancel-confirm'));
    expect(await screen.findByTestId('cancel-error')).toHaveTextContent('could not be reached');
    expect(screen.getByTestId('cancel-reason')).toHaveValue('Sick');
  });

  it('marks a past meeting as a no-show', async () => {
    const m = meeting({ start_time: '2020-01-01T10:00:00Z', end_time: '2020-01-01T10:30:00Z' });
    const calls = open(m, [m], { set_meeting_no_show: () => ({ ...m, no_show: true }) });
    await userEvent.click(await screen.findByTestId('meeting-no-show'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'set_meeting_no_show')?.args).toEqual({
        inviteeUri: m.invitee_uri,
        noShow: true,
      }),
    );
    await waitFor(() => expect(screen.getByTestId('meeting-no-show')).toBeChecked());
    expect(screen.getByTestId('meeting-phase')).toHaveTextContent('No-show');
  });

  it('disables Calendly actions offline and says why, but still shows the meeting', async () => {
    const m = meeting();
    mockBackend({
      calendly_status: () => disconnectedView,
      get_meeting: () => ({ meeting: m, chain: [m] }),
    });
    renderWithProviders(<MeetingDrawer />, {
      route: `/?meeting=${encodeURIComponent(m.invitee_uri)}`,
    });
    await waitFor(() =>
      expect(screen.getByTestId('meeting-actions-blocked')).toHaveTextContent('Connect Calendly'),
    );
    expect(screen.getByTestId('meeting-cancel')).toBeDisabled();
  });

  it('tells the story of a moved meeting', async () => {
    const old = meeting({
      status: 'canceled',
      rescheduled: true,
      start_time: '2030-03-10T14:00:00Z',
      end_time: '2030-03-10T14:30:00Z',
      moved_to_start_time: '2030-03-12T15:00:00Z',
    });
    const moved = meeting({
      rescheduled_from: old.invitee_uri,
      start_time: '2030-03-12T15:00:00Z',
      end_time: '2030-03-12T15:30:00Z',
    });
    open(old, [old, moved]);
    expect(await screen.findByTestId('meeting-moved-to')).toHaveTextContent('Moved to');
    expect(screen.getByTestId('meeting-phase')).toHaveTextContent('Moved');
    expect(screen.getByTestId('meeting-story')).toHaveTextContent('Mar 12');
    expect(screen.queryByTestId('meeting-canceled')).toBeNull();
  });

  it('shows who canceled and why', async () => {
    const m = meeting({
      status: 'canceled',
      canceled_by: 'Ada Lovelace',
      cancel_reason: 'Something came up',
      canceled_at: '2030-03-01T10:00:00Z',
    });
    open(m);
    expect(await screen.findByTestId('meeting-canceled')).toHaveTextContent(
      'Canceled by Ada Lovelace',
    );
    expect(screen.getByTestId('meeting-cancel-reason')).toHaveTextContent('Something came up');
  });

  it('creates a client from an unmatched invitee, and explains a clash', async () => {
    const m = meeting({ client_id: null, client_name: null });
    let clash = true;
    const calls = open(m, [m], {
      create_client_from_meeting: () => {
        if (clash) throw wireError('validation', 'Ada Lovelace already has this e-mail.', 'email');
        return { ...m, client_id: 3, client_name: 'Ada Lovelace' };
      },
    });
    await userEvent.click(await screen.findByTestId('meeting-create-client'));
    expect(await screen.findByTestId('meeting-link-error')).toHaveTextContent('Link to client');
    clash = false;
    await userEvent.click(screen.getByTestId('meeting-create-client'));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'create_client_from_meeting')).toHaveLength(2),
    );
    await waitFor(() =>
      expect(screen.getByTestId('meeting-belongs')).toHaveTextContent('Ada Lovelace'),
    );
  });

  it('keeps the linked quote named and searches the documents to link instead', async () => {
    const m = meeting({ quote_id: 77, quote_number: 'QUO-0077' });
    const ada = {
      id: 1,
      name: 'Ada Lovelace',
      company: null,
      email: null,
      phone: null,
      archived: false,
      open_quotes: 0,
      open_invoices: 0,
      version: 1,
    };
    const invoice: InvoiceSummary = {
      id: 3,
      number: 'INV-0003',
      client_id: 1,
      client_name: 'Ada Lovelace',
      status: 'sent',
      currency: 'EUR',
      total_minor: 1000,
      issue_date: '2026-01-01',
      due_date: '2026-01-31',
      paid_on: null,
      updated_at: '2026-01-01T00:00:00Z',
      version: 1,
    };
    const calls = open(m, [m], {
      list_clients: () => pageOf([ada]),
      list_quotes: () => pageOf([]),
      list_invoices: (_c, args) =>
        (args.filter as InvoiceFilter).search === 'INV-3' ? pageOf([invoice]) : pageOf([]),
      link_meeting: () => ({ ...m, quote_id: null, quote_number: null, invoice_id: 3 }),
    });
    await userEvent.click(await screen.findByTestId('meeting-change-link'));
    const select = screen.getByTestId('meeting-link-document');
    // Quote 77 is on no page of matches, yet the box still names it.
    await waitFor(() => expect(select).toHaveValue('Quote QUO-0077'));
    await userEvent.clear(select);
    await userEvent.type(select, 'INV-3');
    await userEvent.click(await screen.findByText('Invoice INV-0003'));
    expect(calls.filter((c) => c.cmd === 'list_invoices').at(-1)?.args).toEqual({
      filter: { client_id: 1, status: null, search: 'INV-3' },
      page: { limit: 50 },
    });
    await userEvent.click(screen.getByTestId('meeting-link-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'link_meeting')?.args).toEqual({
        inviteeUri: m.invitee_uri,
        clientId: 1,
        quoteId: null,
        invoiceId: 3,
      }),
    );
  });

  it('shows a loading state, then an error with retry', async () => {
    let fail = true;
    const m = meeting();
    mockBackend({
      calendly_status: () => connectedView,
      get_meeting: () => {
        if (fail) throw wireError('not_found', 'This meeting is no longer on this computer.');
        return { meeting: m, chain: [m] };
      },
    });
    renderWithProviders(<MeetingDrawer />, {
      route: `/?meeting=${encodeURIComponent(m.invitee_uri)}`,
    });
    expect(await screen.findByTestId('meeting-detail-loading')).toBeInTheDocument();
    expect(await screen.findByText(/no longer on this computer/)).toBeInTheDocument();
    expect(screen.queryByTestId('meeting-detail-loading')).toBeNull();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: /try again/i }));
    expect(await screen.findByTestId('meeting-title')).toBeInTheDocument();
  });
});
