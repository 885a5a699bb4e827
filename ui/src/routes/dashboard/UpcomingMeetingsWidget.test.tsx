import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, Meeting, MeetingFilter, MeetingMeasures } from '../../bindings';
import { connectedView, disconnectedView, meeting } from '../../test/meetingFixtures';
import { mockBackend, pageOf, renderWithProviders, wireError } from '../../test/render';
import { DashboardPage } from './DashboardPage';

const dashboard: Dashboard = {
  open_quotes: [],
  outstanding_invoices: [],
  overdue_invoices: [],
  recent_quotes: [
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
      updated_at: '2030-03-01T00:00:00Z',
      version: 1,
    },
  ],
  recent_invoices: [],
  monthly: [],
  counts: {
    clients: 1,
    draft_quotes: 0,
    open_quotes: 1,
    draft_invoices: 0,
    outstanding_invoices: 0,
    overdue_invoices: 0,
  },
};

const measures: MeetingMeasures = {
  booked_this_month: 4,
  sent_quotes: 10,
  sent_quotes_with_meeting: 3,
  decided_with_meeting: 2,
  accepted_with_meeting: 2,
  decided_without_meeting: 4,
  accepted_without_meeting: 1,
};

// "Now" is 09:00 UTC on Sunday, March 10, 2030.
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-03-10T09:00:00Z'), toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

const today = meeting({
  start_time: '2030-03-10T15:00:00Z',
  end_time: '2030-03-10T15:30:00Z',
  quote_id: 5,
  quote_number: 'Q-0005',
});
const tomorrow = meeting({
  name: 'Grace',
  client_name: 'Grace Hopper',
  start_time: '2030-03-11T15:00:00Z',
  end_time: '2030-03-11T15:30:00Z',
});
const later = meeting({
  client_name: 'Alan Turing',
  start_time: '2030-03-20T15:00:00Z',
  end_time: '2030-03-20T15:30:00Z',
});

/** Answers the widget's three reads by their first day, and the quote's own meetings. */
function meetingsBackend(byDay: Record<string, { rows: Meeting[]; total?: number }>) {
  return {
    list_meeting_page: (_c: string, args: Record<string, unknown>) => {
      const day = byDay[(args.filter as MeetingFilter).from ?? ''];
      return day ? pageOf(day.rows, day.total) : pageOf([]);
    },
    list_meetings: (_c: string, args: Record<string, unknown>) =>
      (args.filter as MeetingFilter).quote_number === 'Q-0005' ? [today] : [],
  };
}

const threeDays = {
  '2030-03-10': { rows: [today] },
  '2030-03-11': { rows: [tomorrow] },
  '2030-03-12': { rows: [later] },
};

describe('Upcoming meetings on the dashboard', () => {
  it('groups meetings into today, tomorrow and later, and badges the quote', async () => {
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend(threeDays),
    });
    renderWithProviders(<DashboardPage />);
    expect(
      within(await screen.findByTestId('upcoming-today')).getByText(/Ada Lovelace/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('upcoming-tomorrow')).getByText(/Grace Hopper/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('upcoming-later')).getByText(/Alan Turing/),
    ).toBeInTheDocument();
    expect(
      await within(screen.getByTestId('recent-quotes')).findByTestId('row-meeting-badge'),
    ).toHaveTextContent('Mar 10');
    // The badge asks for the quote's own meetings, not every upcoming one.
    expect(calls.filter((c) => c.cmd === 'list_meetings').map((c) => c.args.filter)).toEqual([
      expect.objectContaining({ quote_number: 'Q-0005', from: null, to: null }),
    ]);
    expect(screen.queryByTestId('upcoming-more-today')).toBeNull();
  });

  it('reads five scheduled meetings of today, of tomorrow and from the day after', async () => {
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend(threeDays),
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('upcoming-later');
    const reads = calls.filter((c) => c.cmd === 'list_meeting_page').map((c) => c.args);
    const scheduled = { status: 'scheduled', upcoming: true, client_id: null, quote_number: null };
    expect(reads).toEqual([
      {
        filter: expect.objectContaining({ ...scheduled, from: '2030-03-10', to: '2030-03-10' }),
        page: { limit: 5 },
        newestFirst: false,
      },
      {
        filter: expect.objectContaining({ ...scheduled, from: '2030-03-11', to: '2030-03-11' }),
        page: { limit: 5 },
        newestFirst: false,
      },
      {
        filter: expect.objectContaining({ ...scheduled, from: '2030-03-12', to: null }),
        page: { limit: 5 },
        newestFirst: false,
      },
    ]);
  });

  it('counts the meetings of a busy group beyond the five shown, linking to the calendar', async () => {
    const busy = Array.from({ length: 5 }, (_, i) =>
      meeting({
        client_name: `Client ${i + 1}`,
        start_time: `2030-03-2${i}T15:00:00Z`,
        end_time: `2030-03-2${i}T15:30:00Z`,
      }),
    );
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend({ ...threeDays, '2030-03-12': { rows: busy, total: 1234 } }),
    });
    renderWithProviders(<DashboardPage />);
    const group = await screen.findByTestId('upcoming-later');
    expect(within(group).getAllByTestId('meeting-row')).toHaveLength(5);
    const more = within(group).getByTestId('upcoming-more-later');
    expect(more).toHaveTextContent('+1,229 more');
    expect(more).toHaveAttribute('href', '/meetings');
    expect(screen.queryByTestId('upcoming-more-tomorrow')).toBeNull();
  });

  it('leaves out the meetings of today that are over', async () => {
    const over = meeting({
      client_name: 'Early Bird',
      start_time: '2030-03-10T07:00:00Z',
      end_time: '2030-03-10T07:30:00Z',
    });
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend({ ...threeDays, '2030-03-10': { rows: [over, today] } }),
    });
    renderWithProviders(<DashboardPage />);
    const group = await screen.findByTestId('upcoming-today');
    expect(within(group).getAllByTestId('meeting-row')).toHaveLength(1);
    expect(within(group).queryByText(/Early Bird/)).toBeNull();
  });

  it('shows the success measures counted locally', async () => {
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend({}),
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('meeting-measures');
    await waitFor(() => expect(screen.getByTestId('measure-followup')).toHaveTextContent('30%'));
    expect(screen.getByTestId('measure-booked')).toHaveTextContent('4');
    expect(screen.getByTestId('measure-accepted-with')).toHaveTextContent('100%');
    expect(screen.getByTestId('measure-accepted-without')).toHaveTextContent('25%');
    expect(await screen.findByTestId('upcoming-meetings-empty')).toBeInTheDocument();
  });

  it.each([
    ['switched off', { ...connectedView, enabled: false }],
    ['not connected', disconnectedView],
  ])('is absent when Calendly is %s', async (_case, view) => {
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => view,
      get_meeting_measures: () => measures,
      ...meetingsBackend(threeDays),
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('recent-quotes');
    // Judged once Calendly's state is known, not before it arrives.
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_status')).toBe(true));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(screen.queryByTestId('upcoming-meetings')).toBeNull();
    expect(screen.queryByTestId('meeting-measures')).toBeNull();
    expect(screen.queryByTestId('row-meeting-badge')).toBeNull();
    expect(calls.some((c) => c.cmd.startsWith('list_meeting'))).toBe(false);
  });

  it('is absent when hidden in settings, while the quote keeps its badge', async () => {
    localStorage.setItem('quotla.dashboard.meetings-widget', 'false');
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...meetingsBackend(threeDays),
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('recent-quotes');
    await waitFor(() =>
      expect(
        within(screen.getByTestId('recent-quotes')).queryByTestId('row-meeting-badge'),
      ).not.toBeNull(),
    );
    expect(screen.queryByTestId('upcoming-meetings')).toBeNull();
    expect(calls.some((c) => c.cmd === 'list_meeting_page')).toBe(false);
  });

  it('says when meetings cannot be loaded, and retries', async () => {
    let fail = true;
    const backend = meetingsBackend(threeDays);
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      get_meeting_measures: () => measures,
      ...backend,
      list_meeting_page: (cmd, args) => {
        if (fail) throw wireError('database', 'locked');
        return backend.list_meeting_page(cmd, args);
      },
    });
    renderWithProviders(<DashboardPage />);
    const widget = await screen.findByTestId('upcoming-meetings');
    await within(widget).findByText('Meetings could not be loaded.');
    fail = false;
    await userEvent.click(within(widget).getByText('Try again'));
    expect(await screen.findByTestId('upcoming-today')).toBeInTheDocument();
  });
});
