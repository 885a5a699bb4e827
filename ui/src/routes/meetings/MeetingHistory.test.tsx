import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { MeetingFilter } from '../../bindings';
import { meeting } from '../../test/meetingFixtures';
import { mockBackend, pageOf, renderWithProviders } from '../../test/render';
import { MeetingHistory } from './MeetingHistory';

const lastFilter = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === 'list_meeting_page').at(-1)?.args.filter as MeetingFilter;

describe('MeetingHistory', () => {
  it('lists meetings newest first as core orders them, including moved and canceled ones', async () => {
    const old = meeting({
      start_time: '2030-01-01T10:00:00Z',
      end_time: '2030-01-01T10:30:00Z',
      status: 'canceled',
    });
    const moved = meeting({
      start_time: '2030-01-15T10:00:00Z',
      end_time: '2030-01-15T10:30:00Z',
      status: 'canceled',
      rescheduled: true,
      moved_to_start_time: '2030-02-01T10:00:00Z',
    });
    const recent = meeting({
      start_time: '2030-02-01T10:00:00Z',
      end_time: '2030-02-01T10:30:00Z',
      quote_number: 'QUO-0007',
      quote_id: 7,
    });
    const calls = mockBackend({
      list_meeting_page: () => pageOf([recent, moved, old]),
      list_clients: () => pageOf([]),
    });
    renderWithProviders(<MeetingHistory />);
    const rows = await screen.findAllByTestId('history-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Quote QUO-0007'),
      expect.stringContaining('Moved'),
      expect.stringContaining('Canceled'),
    ]);
    expect(calls.find((c) => c.cmd === 'list_meeting_page')?.args).toMatchObject({
      page: { after: null, limit: 100 },
      newestFirst: true,
    });
    expect(screen.getByTestId('history-count')).toHaveTextContent('Showing 3 of 3');
    expect(screen.queryByTestId('history-more')).toBeNull();
  });

  it('passes the status and the document number to the query', async () => {
    const calls = mockBackend({
      list_meeting_page: () => pageOf([]),
      list_clients: () => pageOf([]),
    });
    renderWithProviders(<MeetingHistory />);
    await screen.findByTestId('history-empty');
    await userEvent.click(screen.getByTestId('history-status'));
    await userEvent.click(await screen.findByText('Canceled or moved'));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ status: 'canceled' }));
    await userEvent.type(screen.getByTestId('history-document'), 'INV-0003');
    await waitFor(() =>
      expect(lastFilter(calls)).toMatchObject({
        status: 'canceled',
        invoice_number: 'INV-0003',
        quote_number: null,
      }),
    );
    await userEvent.clear(screen.getByTestId('history-document'));
    await userEvent.type(screen.getByTestId('history-document'), 'QUO-0001');
    await waitFor(() =>
      expect(lastFilter(calls)).toMatchObject({ quote_number: 'QUO-0001', invoice_number: null }),
    );
    expect(screen.getByTestId('history-empty')).toHaveTextContent('Try fewer filters');
  });

  it('says when nothing was booked yet', async () => {
    mockBackend({ list_meeting_page: () => pageOf([]), list_clients: () => pageOf([]) });
    renderWithProviders(<MeetingHistory />);
    expect(await screen.findByTestId('history-empty')).toHaveTextContent(
      'Meetings booked through Calendly appear here',
    );
  });

  it('shows how many of all are listed and loads older meetings from the cursor', async () => {
    const history = Array.from({ length: 250 }, (_, i) =>
      meeting({
        name: `Invitee ${i + 1}`,
        client_name: null,
        start_time: new Date(Date.UTC(2030, 0, 1) - i * 86_400_000).toISOString(),
        end_time: new Date(Date.UTC(2030, 0, 1) - i * 86_400_000 + 1_800_000).toISOString(),
      }),
    );
    const cursor = (n: number) => ({ key: history[n - 1].start_time, id: n });
    let release = () => {};
    const calls = mockBackend({
      list_meeting_page: async (_c, args) => {
        const after = (args.page as { after: { id: number } | null }).after;
        const start = after ? after.id : 0;
        if (start > 0) await new Promise<void>((resolve) => (release = resolve));
        const end = Math.min(start + 100, history.length);
        return pageOf(history.slice(start, end), 250, end < 250 ? cursor(end) : null);
      },
      list_clients: () => pageOf([]),
    });
    renderWithProviders(<MeetingHistory />);
    expect(await screen.findByTestId('history-count')).toHaveTextContent('Showing 100 of 250');
    expect(screen.getAllByTestId('history-row')).toHaveLength(100);

    const pages = () => calls.filter((c) => c.cmd === 'list_meeting_page').map((c) => c.args.page);
    await userEvent.click(screen.getByTestId('history-more'));
    await waitFor(() => expect(screen.getByTestId('history-more')).toHaveAttribute('data-loading'));
    expect(pages()).toEqual([
      { after: null, limit: 100 },
      { after: cursor(100), limit: 100 },
    ]);
    release();
    await waitFor(() =>
      expect(screen.getByTestId('history-count')).toHaveTextContent('Showing 200 of 250'),
    );
    expect(screen.getAllByTestId('history-row')[100]).toHaveTextContent('Invitee 101');

    await userEvent.click(screen.getByTestId('history-more'));
    await waitFor(() => expect(pages().at(-1)).toEqual({ after: cursor(200), limit: 100 }));
    release();
    await waitFor(() =>
      expect(screen.getByTestId('history-count')).toHaveTextContent('Showing 250 of 250'),
    );
    // The last page: nothing older to show.
    expect(screen.queryByTestId('history-more')).toBeNull();
  });
});
