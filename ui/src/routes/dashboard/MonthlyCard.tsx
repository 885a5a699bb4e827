import { Group, Paper, SegmentedControl, Skeleton, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import type { MonthlyAmount } from '../../bindings';
import { Money } from '../../components/Money';
import { todayIsoDate } from '../../format/dates';
import { chartCurrencies, monthlyBars } from './monthly';

const MonthlyChart = lazy(() =>
  import('./MonthlyChart').then((module) => ({ default: module.MonthlyChart })),
);

/** Invoiced and paid per month over the last year, one currency at a time. */
export function MonthlyCard({ monthly }: { monthly: MonthlyAmount[] }) {
  const currencies = chartCurrencies(monthly);
  const [chosen, setChosen] = useState<string | null>(null);
  // A refetch may drop the chosen currency; the busiest one is shown then.
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const bars = currency ? monthlyBars(monthly, currency, todayIsoDate().slice(0, 7)) : [];
  const total = (key: 'Invoiced' | 'Paid') => bars.reduce((sum, bar) => sum + bar[key], 0);

  return (
    <Paper withBorder p="lg" data-testid="monthly-card">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Invoiced and paid, last 12 months</Title>
        {currencies.length > 1 && (
          <SegmentedControl
            size="xs"
            value={currency}
            onChange={setChosen}
            data={currencies}
            aria-label="Currency"
            data-testid="monthly-currency"
          />
        )}
      </Group>
      {currency === undefined ? (
        <Text fz="sm" c="dimmed" py="md" data-testid="monthly-empty">
          Nothing invoiced in the last 12 months yet.
        </Text>
      ) : (
        <>
          <Text fz="sm" c="dimmed" mb="md" data-testid="monthly-totals">
            Invoiced <Money amount={total('Invoiced')} currency={currency} fw={600} c="dark" />
            {' · '}
            Paid <Money amount={total('Paid')} currency={currency} fw={600} c="dark" />
          </Text>
          <Suspense fallback={<Skeleton h={260} />}>
            <MonthlyChart bars={bars} currency={currency} />
          </Suspense>
        </>
      )}
    </Paper>
  );
}
