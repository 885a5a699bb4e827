import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, MeetingMeasures } from '../../bindings';
import { connectedView, disconnectedView, meeting } from '../../test/meetingFixtures';
import { mockBackend, renderWithProviders, wireError } from '../../test/render';
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

describe('Upcoming meetings on the dashboard', () => {
  it('groups meetings into today, tomorrow and later, and badges the quote', async () => {
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      list_meetings: () => [later, tomorrow, today],
      get_meeting_measures: () => measures,
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
      within(screen.getByTestId('recent-quotes')).getByTestId('row-meeting-badge'),
    ).toHaveTextContent('Mar 10');
    const filter = calls.find((c) => c.cmd === 'list_meetings')?.args.filter as {
      status: string;
      from: string;
    };
    expect(filter).toMatchObject({ status: 'scheduled', from: '2030-03-10' });
  });

  it('shows the success measures counted locally', async () => {
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      list_meetings: () => [],
      get_meeting_measures: () => measures,
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('meeting-measures');
    await waitFor(() => expect(screen.getByTestId('measure-followup')).toHaveTextContent('30%'));
    expect(screen.getByTestId('measure-booked')).toHaveTextContent('4');
    expect(screen.getByTestId('measure-accepted-with')).toHaveTextContent('100%');
    expect(screen.getByTestId('measure-accepted-without')).toHaveTextContent('25%');
    expect(screen.getByTestId('upcoming-meetings-empty')).toBeInTheDocument();
  });

  it.each([
    ['switched off', { ...connectedView, enabled: false }],
    ['not connected', disconnectedView],
  ])('is absent when Calendly is %s', async (_case, view) => {
    const calls = mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => view,
      list_meetings: () => [today],
      get_meeting_measures: () => measures,
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('recent-quotes');
    // Judged once Calendly's state is known, not before it arrives.
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_status')).toBe(true));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(screen.queryByTestId('upcoming-meetings')).toBeNull();
    expect(screen.queryByTestId('meeting-measures')).toBeNull();
    expect(screen.queryByTestId('row-meeting-badge')).toBeNull();
  });

  it('is absent when hidden in settings', async () => {
    localStorage.setItem('quotla.dashboard.meetings-widget', 'false');
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      list_meetings: () => [today],
      get_meeting_measures: () => measures,
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByTestId('recent-quotes');
    await waitFor(() =>
      expect(
        within(screen.getByTestId('recent-quotes')).queryByTestId('row-meeting-badge'),
      ).not.toBeNull(),
    );
    expect(screen.queryByTestId('upcoming-meetings')).toBeNull();
  });

  it('says when meetings cannot be loaded, and retries', async () => {
    let fail = true;
    mockBackend({
      get_dashboard: () => dashboard,
      calendly_status: () => connectedView,
      list_meetings: () => {
        if (fail) throw wireError('database', 'locked');
        return [today];
      },
      get_meeting_measures: () => measures,
    });
    renderWithProviders(<DashboardPage />);
    const widget = await screen.findByTestId('upcoming-meetings');
    await within(widget).findByText('Meetings could not be loaded.');
    fail = false;
    await userEvent.click(within(widget).getByText('Try again'));
    expect(await screen.findByTestId('upcoming-today')).toBeInTheDocument();
  });
});
