import type { MonthlyAmount } from '../../bindings';
import { userLocale } from '../../format/locale';

/** One bar pair of the chart: a month's amounts in minor units of one currency. */
export interface MonthBars {
  month: string;
  label: string;
  Invoiced: number;
  Paid: number;
}

/** "2026-03" → the month `offset` months later, as "YYYY-MM". */
function shiftMonth(month: string, offset: number): string {
  const [year, index] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, index - 1 + offset, 1));
  return date.toISOString().slice(0, 7);
}

/** "Jan", "janv.", "1月": the month's short name in the user's locale. */
function monthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(userLocale(), { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, index - 1, 1)),
  );
}

/**
 * The currencies with activity, the busiest first: each gets its own chart, as amounts in
 * different currencies are never added together.
 */
export function chartCurrencies(monthly: MonthlyAmount[]): string[] {
  const volume = new Map<string, number>();
  for (const m of monthly) {
    volume.set(m.currency, (volume.get(m.currency) ?? 0) + m.invoiced_minor + m.paid_minor);
  }
  return [...volume.keys()].sort((a, b) => volume.get(b)! - volume.get(a)! || a.localeCompare(b));
}

/**
 * All 12 months ending with `lastMonth` ("YYYY-MM"), oldest first, in `currency`; a month
 * without activity shows as zero rather than being left out.
 */
export function monthlyBars(
  monthly: MonthlyAmount[],
  currency: string,
  lastMonth: string,
): MonthBars[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = shiftMonth(lastMonth, i - 11);
    const found = monthly.find((m) => m.month === month && m.currency === currency);
    return {
      month,
      label: monthLabel(month),
      Invoiced: found?.invoiced_minor ?? 0,
      Paid: found?.paid_minor ?? 0,
    };
  });
}
