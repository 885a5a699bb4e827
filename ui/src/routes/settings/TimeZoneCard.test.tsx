import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RESOURCE_NAMES } from '../../api/keys';
import type { AppContext } from '../../bindings';
import { formatDateTime } from '../../format/dates';
import { setUserLocale } from '../../format/locale';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../test/render';
import { TimeZoneCard } from './TimeZoneCard';

const fromEnvironment: AppContext = {
  time_zone: 'Europe/Berlin',
  time_zone_source: 'environment',
  today: '2025-03-12',
};

const field = () => screen.getByTestId('time-zone');

/** Picks the one zone the search finds, by keyboard. */
async function choose(search: string) {
  await userEvent.click(field());
  await userEvent.clear(field());
  await userEvent.type(field(), `${search}{ArrowDown}{Enter}`);
}

describe('TimeZoneCard', () => {
  it('shows the zone in use and where it comes from', async () => {
    mockBackend({ get_app_context: () => fromEnvironment });
    renderWithProviders(<TimeZoneCard />);
    expect(await screen.findByTestId('time-zone-source')).toHaveTextContent(
      'In use: Europe/Berlin, taken from the TZ environment variable. Today there: Mar 12, 2025.',
    );
    expect(field()).toHaveValue('System default (Europe/Berlin)');
    expect(screen.getByTestId('time-zone-save')).toBeDisabled();
  });

  it('saves a chosen zone and shows dates in it from then on', async () => {
    let context = fromEnvironment;
    const calls = mockBackend({
      get_app_context: () => context,
      set_time_zone: (_c, args) => {
        context = {
          time_zone: args.zone as string,
          time_zone_source: 'setting',
          today: '2025-03-13',
        };
        dataChanged(...RESOURCE_NAMES);
        return context;
      },
    });
    renderWithProviders(<TimeZoneCard />);
    await screen.findByTestId('time-zone-source');
    await choose('new york');
    expect(field()).toHaveValue('America/New York');
    await userEvent.click(screen.getByTestId('time-zone-save'));
    expect(await screen.findByText('Time zone saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'set_time_zone')?.args).toEqual({
      zone: 'America/New_York',
    });
    expect(screen.getByTestId('time-zone-source')).toHaveTextContent(
      'In use: America/New York, chosen here.',
    );
    setUserLocale('de-DE');
    expect(formatDateTime('2025-03-13T02:30:00Z')).toBe('12.03.2025, 22:30');
  });

  it('goes back to the system default by clearing the setting', async () => {
    const calls = mockBackend({
      get_app_context: () => ({ ...fromEnvironment, time_zone_source: 'setting' }),
      set_time_zone: () => ({ ...fromEnvironment, time_zone: 'UTC', time_zone_source: 'system' }),
    });
    renderWithProviders(<TimeZoneCard />);
    await screen.findByTestId('time-zone-source');
    expect(field()).toHaveValue('Europe/Berlin');
    await choose('system');
    expect(field()).toHaveValue(
      `System default (${new Intl.DateTimeFormat().resolvedOptions().timeZone.replace(/_/g, ' ')})`,
    );
    await userEvent.click(screen.getByTestId('time-zone-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'set_time_zone')?.args).toEqual({ zone: null }),
    );
    expect(await screen.findByTestId('time-zone-source')).toHaveTextContent(
      "taken from your computer's settings",
    );
  });

  it('puts a refused zone under the field', async () => {
    mockBackend({
      get_app_context: () => fromEnvironment,
      set_time_zone: () => {
        throw wireError('validation', 'Asia/Tokyo is not a time zone Quotla knows', 'time_zone');
      },
    });
    renderWithProviders(<TimeZoneCard />);
    await screen.findByTestId('time-zone-source');
    await choose('tokyo');
    await userEvent.click(screen.getByTestId('time-zone-save'));
    expect(
      await screen.findByText('Asia/Tokyo is not a time zone Quotla knows'),
    ).toBeInTheDocument();
    expect(field()).toHaveAttribute('aria-invalid', 'true');
    expect(field()).toHaveValue('Asia/Tokyo');
    expect(screen.getByTestId('time-zone-source')).toHaveTextContent('In use: Europe/Berlin,');
  });

  it('says when the zone cannot be loaded and retries', async () => {
    let fail = true;
    mockBackend({
      get_app_context: () => {
        if (fail) throw wireError('database', 'database error: database is locked');
        return fromEnvironment;
      },
    });
    renderWithProviders(<TimeZoneCard />);
    expect(await screen.findByTestId('error-state')).toHaveTextContent('database is locked');
    fail = false;
    await userEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByTestId('time-zone-source')).toHaveTextContent('Europe/Berlin');
  });
});
