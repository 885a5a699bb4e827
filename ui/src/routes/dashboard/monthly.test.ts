import { describe, expect, it } from 'vitest';
import type { MonthlyAmount } from '../../bindings';
import { setUserLocale } from '../../format/locale';
import { chartCurrencies, monthlyBars } from './monthly';

const amount = (month: string, currency: string, invoiced: number, paid: number) =>
  ({ month, currency, invoiced_minor: invoiced, paid_minor: paid }) satisfies MonthlyAmount;

describe('monthlyBars', () => {
  it('shows all 12 months up to this one, with zero where nothing happened', () => {
    const bars = monthlyBars(
      [amount('2025-05', 'EUR', 1000, 0), amount('2026-03', 'EUR', 500, 700)],
      'EUR',
      '2026-03',
    );
    expect(bars.map((b) => b.month)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(bars[1]).toMatchObject({ label: 'May', Invoiced: 1000, Paid: 0 });
    expect(bars[11]).toMatchObject({ label: 'Mar', Invoiced: 500, Paid: 700 });
    expect(bars[5]).toMatchObject({ Invoiced: 0, Paid: 0 });
  });

  it("names the months in the user's language", () => {
    const label = () => monthlyBars([], 'EUR', '2026-05').at(-1)?.label;
    expect(label()).toBe('May');
    setUserLocale('de-DE');
    expect(label()).toBe('Mai');
  });

  it('keeps each currency to itself', () => {
    const monthly = [amount('2026-03', 'EUR', 500, 0), amount('2026-03', 'USD', 9000, 0)];
    expect(monthlyBars(monthly, 'EUR', '2026-03')[11].Invoiced).toBe(500);
    expect(chartCurrencies(monthly)).toEqual(['USD', 'EUR']);
  });
});
