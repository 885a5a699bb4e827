import { act, screen, waitFor } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CalendlyView } from '../../../bindings';
import { connectedView, disconnectedView } from '../../../test/meetingFixtures';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../../test/render';
import { CalendlyCard } from './CalendlyCard';

const settings: CalendlyView['settings'] = [
  {
    key: 'client_id',
    value: 'quotla-desktop-dev',
    source: 'environment',
    env_var: 'QUOTLA_CALENDLY_CLIENT_ID',
  },
];

const notConnected: CalendlyView = {
  ...disconnectedView,
  sync: {
    mode: 'off',
    summary: 'Meetings are not synced: Calendly is not connected.',
    last_sync: null,
    meetings: 0,
    earlier_account_meetings: 0,
  },
  relay_configured: false,
  settings,
};

/** Connected with only users:read granted, so sync polls and live updates are missing. */
const connected: CalendlyView = {
  ...connectedView,
  account: { ...connectedView.account!, scopes: 'users:read' },
  event_types: connectedView.event_types.slice(0, 1),
  features: [
    { feature: 'Show meetings', available: true, reason: null },
    {
      feature: 'Live updates',
      available: false,
      reason: 'Calendly did not grant webhooks:write. Reconnect and allow it to use this.',
    },
  ],
  sync: {
    mode: 'polling',
    summary:
      'Calendly did not grant webhooks:write, so Quotla checks for changes every few minutes.',
    last_sync: '2026-11-25T10:05:00.000000Z',
    meetings: 3,
    earlier_account_meetings: 0,
  },
  keyring: { backend: 'keyutils', survives_reboot: false },
  relay_configured: false,
  settings,
};

describe('CalendlyCard', () => {
  it('offers to connect and opens the browser through the backend', async () => {
    const calls = mockBackend({
      calendly_status: () => notConnected,
      calendly_connect: () => null,
    });
    renderWithProviders(<CalendlyCard />);
    const button = await screen.findByTestId('calendly-connect');
    expect(screen.getByTestId('calendly-status')).toHaveTextContent('Not connected');
    await userEvent.click(button);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_connect')).toBe(true));
  });

  it('explains how to enable Calendly when no client id is configured', async () => {
    mockBackend({ calendly_status: () => ({ ...notConnected, configured: false }) });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-not-configured')).toHaveTextContent('client id');
    expect(screen.getByTestId('calendly-connect')).toBeDisabled();
  });

  it('shows a failed connect attempt with the backend message', async () => {
    mockBackend({
      calendly_status: () => notConnected,
      calendly_connect: () => {
        throw wireError('browser_unavailable', 'Quotla could not open your web browser.');
      },
    });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByTestId('calendly-connect'));
    expect(await screen.findByTestId('calendly-connect-error')).toHaveTextContent(
      'could not open your web browser',
    );
  });

  it('shows the account, the unavailable features and the keyring warning', async () => {
    mockBackend({ calendly_status: () => connected });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-account-email')).toHaveTextContent(
      'morgan@avery-studio.example',
    );
    expect(screen.getByTestId('calendly-account-organization')).toHaveTextContent('ORG1');
    expect(screen.getByTestId('calendly-features')).toHaveTextContent('webhooks:write');
    expect(screen.getByText(/forgets it when the computer restarts/)).toBeInTheDocument();
    expect(screen.getByTestId('calendly-sync-status')).toHaveTextContent(
      'Checked every few minutes',
    );
    expect(screen.getByTestId('calendly-sync-summary')).toHaveTextContent('webhooks:write');
    expect(screen.getByTestId('calendly-sync-meetings')).toHaveTextContent('3 meetings');
    expect(screen.queryByTestId('calendly-earlier-meetings')).toBeNull();
  });

  it('syncs on demand', async () => {
    const calls = mockBackend({ calendly_status: () => connected, calendly_sync_now: () => null });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByTestId('calendly-sync-now'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_sync_now')).toBe(true));
  });

  it('says why a sync on demand was refused', async () => {
    mockBackend({
      calendly_status: () => connected,
      calendly_sync_now: () => {
        throw wireError('calendly_reconnect_needed', 'Calendly needs you to sign in again.');
      },
    });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByTestId('calendly-sync-now'));
    expect(await screen.findByText('Could not sync')).toBeInTheDocument();
    expect(screen.getByText('Calendly needs you to sign in again.')).toBeInTheDocument();
  });

  it('shows how far a large first sync is, and nothing once it is done', async () => {
    mockBackend({ calendly_status: () => connected });
    renderWithProviders(<CalendlyCard />);
    await screen.findByTestId('calendly-sync-status');
    expect(screen.queryByTestId('calendly-sync-progress')).toBeNull();
    const progress = (fetched: number) =>
      act(() => emit('sync-progress', { events_to_fetch: 1200, events_fetched: fetched }));
    await waitFor(async () => {
      await progress(120);
      expect(screen.getByTestId('calendly-sync-progress')).toHaveTextContent(
        'Fetching meetings: 120 of 1,200 events',
      );
    });
    await progress(1200);
    await waitFor(() => expect(screen.queryByTestId('calendly-sync-progress')).toBeNull());
  });

  it('offers a repair when sync needs attention, and says why', async () => {
    const calls = mockBackend({
      calendly_status: () => ({
        ...connected,
        sync: {
          ...connected.sync,
          mode: 'needs_attention',
          summary: 'The webhook subscription was disabled by Calendly.',
        },
      }),
      calendly_sync_now: () => null,
    });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-sync-summary')).toHaveTextContent('disabled');
    await userEvent.click(screen.getByTestId('calendly-repair'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_sync_now')).toBe(true));
  });

  it('has no repair while sync is healthy', async () => {
    mockBackend({ calendly_status: () => connected });
    renderWithProviders(<CalendlyCard />);
    await screen.findByTestId('calendly-sync-status');
    expect(screen.queryByTestId('calendly-repair')).toBeNull();
    expect(screen.queryByTestId('calendly-default-gone')).toBeNull();
  });

  it('asks for a new default when the default event type is gone in Calendly', async () => {
    mockBackend({
      calendly_status: () => ({
        ...connected,
        event_types: connected.event_types.map((t) => ({ ...t, active: false })),
      }),
    });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-default-gone')).toHaveTextContent(
      'no longer available',
    );
  });

  it('switches meeting notifications off', async () => {
    let view = connected;
    const calls = mockBackend({
      calendly_status: () => view,
      calendly_set_notifications: (_cmd, args) => {
        view = { ...view, notifications: args.enabled as boolean };
        dataChanged('calendly');
        return null;
      },
    });
    renderWithProviders(<CalendlyCard />);
    const toggle = await screen.findByTestId('calendly-notifications');
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(screen.getByTestId('calendly-notifications')).not.toBeChecked());
    expect(calls.find((c) => c.cmd === 'calendly_set_notifications')?.args).toEqual({
      enabled: false,
    });
  });

  it('lists the recent sync activity', async () => {
    mockBackend({
      calendly_status: () => connected,
      calendly_sync_log: () => [
        { at: '2026-11-25T10:05:00Z', kind: 'reconcile', message: 'Reconciled 3 events' },
      ],
    });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByText('Recent sync activity'));
    expect(await screen.findByTestId('sync-log-entry')).toHaveTextContent('Reconciled 3 events');
  });

  it('deletes the meetings of an earlier account once the user confirms', async () => {
    let earlier = 4;
    const calls = mockBackend({
      calendly_status: () => ({
        ...connected,
        sync: { ...connected.sync, earlier_account_meetings: earlier },
      }),
      calendly_delete_earlier_meetings: () => {
        earlier = 0;
        dataChanged('calendly', 'meetings');
        return 4;
      },
    });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-earlier-meetings')).toHaveTextContent(
      '4 meetings from a Calendly account you connected before',
    );
    await userEvent.click(screen.getByTestId('calendly-delete-earlier-meetings'));
    await userEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(calls.some((c) => c.cmd === 'calendly_delete_earlier_meetings')).toBe(false);
    expect(screen.getByTestId('calendly-earlier-meetings')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('calendly-delete-earlier-meetings'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    await waitFor(() => expect(screen.queryByTestId('calendly-earlier-meetings')).toBeNull());
  });

  it('asks before disconnecting', async () => {
    const calls = mockBackend({
      calendly_status: () => connected,
      calendly_disconnect: () => ({ revoked: false, hint: 'Remove Quotla in Calendly.' }),
    });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByTestId('calendly-disconnect'));
    expect(calls.some((c) => c.cmd === 'calendly_disconnect')).toBe(false);
    await userEvent.click(await screen.findByTestId('calendly-disconnect-confirm'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_disconnect')).toBe(true));
    const call = calls.find((c) => c.cmd === 'calendly_disconnect');
    expect(call?.args).toEqual({ deleteMeetings: false });
  });

  it('deletes the synced meetings on disconnect only when asked', async () => {
    const calls = mockBackend({
      calendly_status: () => connected,
      calendly_disconnect: () => ({ revoked: true, hint: null }),
    });
    renderWithProviders(<CalendlyCard />);
    await userEvent.click(await screen.findByTestId('calendly-disconnect'));
    await userEvent.click(await screen.findByLabelText(/Also delete the 3 meetings/));
    await userEvent.click(screen.getByTestId('calendly-disconnect-confirm'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'calendly_disconnect')).toBe(true));
    const call = calls.find((c) => c.cmd === 'calendly_disconnect');
    expect(call?.args).toEqual({ deleteMeetings: true });
  });

  it('hides the connection when the integration is turned off', async () => {
    mockBackend({ calendly_status: () => ({ ...connected, enabled: false }) });
    renderWithProviders(<CalendlyCard />);
    expect(await screen.findByTestId('calendly-disabled')).toBeInTheDocument();
    expect(screen.queryByTestId('calendly-status')).toBeNull();
    expect(screen.queryByTestId('calendly-account-email')).toBeNull();
  });
});
