import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setDisplayTimeZone } from '../../format/dates';
import { calendarEntry } from '../../test/meetingFixtures';
import { mockBackend, renderWithProviders, wireError } from '../../test/render';
import { useOpenedMeeting } from '../../components/meetings/meetingRoute';
import { MeetingCalendar, type CalendarView } from './MeetingCalendar';

/** The meeting the screen's URL opens in the drawer, as the drawer reads it. */
function OpenedMeeting() {
  return <span data-testid="opened-meeting">{useOpenedMeeting() ?? 'none'}</span>;
}

// 2030's US DST change is on Sunday, March 10: New York goes from UTC-5 to UTC-4.
const afterDst = calendarEntry({
  name: 'Grace Hopper',
  client_name: 'Grace Hopper',
  start_time: '2030-03-12T14:00:00.000000Z',
  end_time: '2030-03-12T14:30:00.000000Z',
});
const beforeDst = calendarEntry({
  name: 'Alan Turing',
  client_name: 'Alan Turing',
  start_time: '2030-03-05T14:00:00.000000Z',
  end_time: '2030-03-05T14:30:00.000000Z',
});

function eventText(container: HTMLElement, who: string): string {
  const node = [...container.querySelectorAll('.meeting-event')].find((el) =>
    el.textContent?.includes(who),
  );
  return node?.textContent ?? '';
}

describe('MeetingCalendar', () => {
  it.each<[CalendarView, string, RegExp, RegExp]>([
    ['listWeek', '2030-03-12', /10:00/, /9:00/],
    ['timeGridWeek', '2030-03-12', /10:00/, /9:00/],
    ['timeGridDay', '2030-03-12', /10:00/, /9:00/],
    ['dayGridMonth', '2030-03-12', /10(:00)?\s?a/i, /9(:00)?\s?a/i],
  ])(
    'shows a meeting the week after a DST change at the right local hour in %s',
    async (view, date, right, wrong) => {
      setDisplayTimeZone('America/New_York');
      const calls = mockBackend({ list_calendar: () => [afterDst, beforeDst] });
      const { container } = renderWithProviders(
        <MeetingCalendar initialView={view} initialDate={date} />,
      );
      await waitFor(() => expect(eventText(container, 'Grace Hopper')).not.toBe(''));
      const text = eventText(container, 'Grace Hopper');
      expect(text).toMatch(right);
      expect(text).not.toMatch(wrong);
      // Only the visible range is asked for.
      const range = calls.find((c) => c.cmd === 'list_calendar')?.args as {
        from: string;
        to: string;
      };
      expect(range.from <= date && date <= range.to).toBe(true);
    },
  );

  it('shows the week before the change at its own local hour', async () => {
    setDisplayTimeZone('America/New_York');
    mockBackend({ list_calendar: () => [afterDst, beforeDst] });
    const { container } = renderWithProviders(
      <MeetingCalendar initialView="listWeek" initialDate="2030-03-05" />,
    );
    // 14:00 UTC is 9:00 in New York before the change.
    await waitFor(() => expect(eventText(container, 'Alan Turing')).toMatch(/9:00/));
  });

  it('asks core for exactly the days on screen', async () => {
    const calls = mockBackend({ list_calendar: () => [] });
    renderWithProviders(<MeetingCalendar initialView="listWeek" initialDate="2030-03-12" />);
    await screen.findByTestId('calendar-empty');
    // Sunday to Saturday in en-US; core's `to` is inclusive, FullCalendar's end is not.
    expect(calls.find((c) => c.cmd === 'list_calendar')?.args).toEqual({
      from: '2030-03-10',
      to: '2030-03-16',
    });
  });

  it('lists a few of a busy day in the month and links to the rest', async () => {
    const busy = Array.from({ length: 40 }, (_, i) => {
      const start = new Date(Date.UTC(2030, 2, 12, 8, i * 10));
      return calendarEntry({
        client_name: `Client ${i + 1}`,
        start_time: start.toISOString(),
        end_time: new Date(start.getTime() + 10 * 60_000).toISOString(),
      });
    });
    const calls = mockBackend({ list_calendar: () => busy });
    const { container } = renderWithProviders(
      <>
        <MeetingCalendar initialView="dayGridMonth" initialDate="2030-03-12" />
        <OpenedMeeting />
      </>,
    );
    const more = await screen.findByText('+37 more');
    const shown = [...container.querySelectorAll('.meeting-event')];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(3);
    expect(shown[0]).toHaveTextContent('Client 1');
    // The six weeks on screen, Sunday to Saturday, both ends inclusive.
    expect(calls.filter((c) => c.cmd === 'list_calendar').map((c) => c.args)).toEqual([
      { from: '2030-02-24', to: '2030-04-06' },
    ]);
    // The day's popover lists all of them, and each still opens by its invitee URI.
    await userEvent.click(more);
    const day = await screen.findByRole('dialog', { name: /March 12, 2030/ });
    expect(day.querySelectorAll('.meeting-event')).toHaveLength(40);
    await userEvent.click(within(day).getByText(/Client 40 ·/));
    expect(screen.getByTestId('opened-meeting')).toHaveTextContent(busy[39].invitee_uri);
  });

  it('says when a period has no meetings', async () => {
    mockBackend({ list_calendar: () => [] });
    renderWithProviders(<MeetingCalendar initialView="listWeek" initialDate="2030-03-12" />);
    expect(await screen.findByTestId('calendar-empty')).toHaveTextContent('No meetings');
  });

  it('shows an error with a retry that loads again', async () => {
    let fail = true;
    mockBackend({
      list_calendar: () => {
        if (fail) throw wireError('database', 'The database is locked');
        return [afterDst];
      },
    });
    const { container } = renderWithProviders(
      <MeetingCalendar initialView="listWeek" initialDate="2030-03-12" />,
    );
    const retry = await screen.findByRole('button', { name: /try again/i });
    fail = false;
    await userEvent.click(retry);
    await waitFor(() => expect(eventText(container, 'Grace Hopper')).not.toBe(''));
  });

  it('renders booker text as text, never as markup', async () => {
    const hostile = calendarEntry({
      client_id: null,
      client_name: null,
      name: '<img src=x onerror=alert(1)><script>alert(2)</script>',
      start_time: '2030-03-12T14:00:00.000000Z',
      end_time: '2030-03-12T14:30:00.000000Z',
    });
    mockBackend({ list_calendar: () => [hostile] });
    const { container } = renderWithProviders(
      <MeetingCalendar initialView="listWeek" initialDate="2030-03-12" />,
    );
    await waitFor(() => expect(eventText(container, '<script>')).not.toBe(''));
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('opens a meeting when it is clicked', async () => {
    mockBackend({ list_calendar: () => [afterDst] });
    const { container } = renderWithProviders(
      <>
        <MeetingCalendar initialView="listWeek" initialDate="2030-03-12" />
        <OpenedMeeting />
      </>,
    );
    await waitFor(() => expect(eventText(container, 'Grace Hopper')).not.toBe(''));
    expect(screen.getByTestId('opened-meeting')).toHaveTextContent('none');
    const event = [...container.querySelectorAll('.meeting-event')].find((el) =>
      el.textContent?.includes('Grace Hopper'),
    ) as HTMLElement;
    await userEvent.click(within(event).getByText(/Grace Hopper/));
    expect(screen.getByTestId('opened-meeting')).toHaveTextContent(afterDst.invitee_uri);
  });
});
