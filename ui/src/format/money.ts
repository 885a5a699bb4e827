import { userLocale } from './locale';

// Minor-unit exponents (2 for EUR, 0 for JPY, 3 for KWD) as the backend's currency list
// states them; Intl's own table is only the fallback for codes the list has not delivered yet.
const exponents = new Map<string, number>();

export function registerCurrencyExponents(list: { code: string; minor_units: number }[]): void {
  for (const { code, minor_units } of list) exponents.set(code.toUpperCase(), minor_units);
}

export function currencyExponent(currency: string): number {
  const known = exponents.get(currency.toUpperCase());
  if (known !== undefined) return known;
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${exponent}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      });
    } catch {
      // An unknown code still shows the amount, with the code in place of a symbol.
      f = new Intl.NumberFormat(locale, {
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      });
    }
    formatters.set(key, f);
  }
  return f;
}

/** Formats an amount in minor units (cents) of `currency` in the user's locale. */
export function formatMoney(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const f = formatter(userLocale(), currency, exponent);
  const major = amountMinor / 10 ** exponent;
  const text = f.format(major);
  return f.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

/** The currency symbol or code the locale puts next to amounts, for input adornments. */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat(userLocale(), {
      style: 'currency',
      currency,
    }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}
