import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyDashboard } from '../../test/dashboardFixtures';
import { mockBackend, renderWithProviders, wireError } from '../../test/render';
import { DashboardPage } from './DashboardPage';

describe('DashboardPage', () => {
  it('welcomes a new user with a way to start', async () => {
    mockBackend({ get_dashboard: () => emptyDashboard });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('welcome')).toHaveTextContent('Add your first client');
    expect(screen.getByTestId('stat-overdue')).toHaveTextContent('Nothing is overdue');
  });

  it('shows one sum per currency, never adding them up', async () => {
    mockBackend({
      get_dashboard: () => ({
        ...emptyDashboard,
        counts: { ...emptyDashboard.counts, clients: 2 },
        open_quotes: [
          { currency: 'EUR', amount_minor: 108000, count: 1 },
          { currency: 'USD', amount_minor: 96000, count: 2 },
        ],
        overdue_invoices: [{ currency: 'JPY', amount_minor: 5000, count: 1 }],
      }),
    });
    renderWithProviders(<DashboardPage />);
    const open = await screen.findByTestId('stat-open-quotes');
    const amounts = within(open)
      .getAllByTestId('stat-amount')
      .map((a) => a.textContent);
    expect(amounts).toEqual(['€1,080.00', '$960.00']);
    expect(open).toHaveTextContent('3 quotes awaiting an answer');
    expect(within(screen.getByTestId('stat-overdue')).getByTestId('stat-amount')).toHaveTextContent(
      '¥5,000',
    );
    expect(screen.queryByTestId('welcome')).not.toBeInTheDocument();
  });

  it('says when the figures cannot be loaded', async () => {
    mockBackend({
      get_dashboard: () => {
        throw wireError('database', 'database error: database is locked');
      },
    });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('error-state')).toHaveTextContent('database is locked');
  });
});
