import { BarChart } from '@mantine/charts';
import { formatMoney } from '../../format/money';
import type { MonthBars } from './monthly';

/** The bars themselves; loaded on demand, as the chart library is larger than the rest. */
export function MonthlyChart({ bars, currency }: { bars: MonthBars[]; currency: string }) {
  return (
    <BarChart
      h={260}
      data={bars}
      dataKey="label"
      series={[
        { name: 'Invoiced', color: 'indigo.6' },
        { name: 'Paid', color: 'green.6' },
      ]}
      valueFormatter={(value) => formatMoney(value, currency)}
      yAxisProps={{ width: 96 }}
      withLegend
      data-testid="monthly-chart"
    />
  );
}
