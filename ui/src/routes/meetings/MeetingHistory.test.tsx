import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { MeetingFilter } from '../../bindings';
import { meeting } from '../../test/meetingFixtures';
import { mockBackend, renderWithProviders } from '../../test/render';
import { MeetingHistory } from './MeetingHistory';

const lastFilter = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === 'list_meetings').at(-1)?.args.filter as MeetingFilter;

describe('MeetingHistory', () => {
  it('lists every meeting newest first, including moved and canceled ones', async () => {
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
    mockBackend({ list_meetings: () => [old, moved, recent], list_clients: () => [] });
    renderWithProviders(<MeetingHistory />);
    const rows = await screen.findAllByTestId('history-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Quote QUO-0007'),
      expect.stringContaining('Moved'),
      expect.stringContaining('Canceled'),
    ]);
  });

  it('passes the status and the document number to the query', async () => {
    const calls = mockBackend({ list_meetings: () => [], list_clients: () => [] });
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
    mockBackend({ list_meetings: () => [], list_clients: () => [] });
    renderWithProviders(<MeetingHistory />);
    expect(await screen.findByTestId('history-empty')).toHaveTextContent(
      'Meetings booked through Calendly appear here',
    );
  });
});
