import { describe, expect, it } from 'vitest';
import { setUserLocale } from './locale';
import { currencyExponent, formatMoney, registerCurrencyExponents } from './money';

describe('formatMoney', () => {
  it('formats minor units with the currency symbol of the locale', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(0, 'USD')).toBe('$0.00');
    expect(formatMoney(-2500, 'USD')).toBe('-$25.00');
  });

  it('follows the user locale', () => {
    setUserLocale('de-DE');
    expect(formatMoney(123456, 'EUR')).toBe('1.234,56\u00a0€');
  });

  it('uses the exponent the backend lists for a currency', () => {
    registerCurrencyExponents([
      { code: 'JPY', minor_units: 0 },
      { code: 'KWD', minor_units: 3 },
    ]);
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1500, 'KWD')).toBe('KWD\u00a01.500');
    expect(currencyExponent('kwd')).toBe(3);
  });

  it('keeps large amounts exact', () => {
    expect(formatMoney(999_999_999_999_99, 'USD')).toBe('$999,999,999,999.99');
  });

  it('still shows an amount for a code Intl does not know', () => {
    expect(formatMoney(1000, 'XYZ1')).toBe('10.00 XYZ1');
  });
});
