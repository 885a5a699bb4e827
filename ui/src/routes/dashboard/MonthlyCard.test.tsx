import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyAmount } from '../../bindings';
import { todayIsoDate } from '../../format/dates';
import { renderWithProviders } from '../../test/render';
import { MonthlyCard } from './MonthlyCard';

const thisMonth = () => todayIsoDate().slice(0, 7);

// The chart loads on demand; loading its libraries once up front keeps the first test in time.
beforeAll(() => import('./MonthlyChart'));

describe('MonthlyCard', () => {
  it('shows one chart per currency, switching between them', async () => {
    const monthly: MonthlyAmount[] = [
      { month: thisMonth(), currency: 'EUR', invoiced_minor: 120000, paid_minor: 50000 },
      { month: thisMonth(), currency: 'USD', invoiced_minor: 30000, paid_minor: 30000 },
    ];
    renderWithProviders(<MonthlyCard monthly={monthly} />);
    expect(await screen.findByTestId('monthly-chart')).toBeInTheDocument();
    const totals = screen.getByTestId('monthly-totals');
    expect(totals).toHaveTextContent('Invoiced €1,200.00 · Paid €500.00');
    await userEvent.click(within(screen.getByTestId('monthly-currency')).getByText('USD'));
    expect(totals).toHaveTextContent('Invoiced $300.00 · Paid $300.00');
  });

  it('shows no currency switch when there is one currency', async () => {
    renderWithProviders(
      <MonthlyCard
        monthly={[{ month: thisMonth(), currency: 'JPY', invoiced_minor: 5000, paid_minor: 0 }]}
      />,
    );
    expect(await screen.findByTestId('monthly-chart')).toBeInTheDocument();
    expect(screen.getByTestId('monthly-totals')).toHaveTextContent('Invoiced ¥5,000 · Paid ¥0');
    expect(screen.queryByTestId('monthly-currency')).not.toBeInTheDocument();
  });

  it('says when nothing was invoiced in the last year', () => {
    renderWithProviders(<MonthlyCard monthly={[]} />);
    expect(screen.getByTestId('monthly-empty')).toHaveTextContent(
      'Nothing invoiced in the last 12 months yet.',
    );
    expect(screen.queryByTestId('monthly-chart')).not.toBeInTheDocument();
  });
});
