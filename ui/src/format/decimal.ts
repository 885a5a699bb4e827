import { userLocale } from './locale';

// User-typed decimals become the integer units the backend stores: minor units for money,
// thousandths for quantities and thousandths of a percent for rates. Parsing works on the
// digit string, never through floating point, and refuses anything it cannot read exactly
// rather than guessing (a silently rounded price is worse than an error message).

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

export interface DecimalOptions {
  /** Digits after the decimal point the integer unit holds (2 for cents, 3 for thousandths). */
  scale: number;
  allowNegative?: boolean;
  /** Inclusive bounds in integer units. */
  min?: number;
  max?: number;
  /** How the value reads in messages, e.g. "Quantity". */
  label?: string;
}

const MAX_INPUT_LENGTH = 40;
// 15 digits keep every value exact as a JS number (below 2^53) and far above any real invoice.
const MAX_DIGITS = 15;
const SPACE = /[\s\u00a0\u202f]/;
const SPACES = /[\s\u00a0\u202f]/g;

interface Separators {
  decimal: string;
  group: string;
}

// Building an Intl.NumberFormat is slow next to parsing one field, and an editor with 200
// lines parses hundreds of fields per keystroke: each locale's marks are looked up once.
const separatorsByLocale = new Map<string, Separators>();

function separators(locale: string): Separators {
  let found = separatorsByLocale.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.6);
    found = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
    };
    separatorsByLocale.set(locale, found);
  }
  return found;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Strips group separators from `text` if they sit where a locale puts them, else null. */
function ungroup(text: string, group: string): string | null {
  if (/^[0-9]+$/.test(text)) return text;
  if (group === '' || !text.includes(group)) return null;
  const pattern = new RegExp(`^[0-9]{1,3}(${escape(group)}[0-9]{3})+$`);
  return pattern.test(text) ? text.split(group).join('') : null;
}

function splitNumber(body: string, seps: Separators): { int: string; frac: string } | null {
  // Spaces are grouping in every locale ("1 000"); the locale's own group mark too.
  const group = SPACE.test(seps.group) ? '' : seps.group;
  const compact = body.replace(SPACES, '');
  const other = seps.decimal === ',' ? '.' : ',';

  const attempt = (decimal: string, groupMark: string) => {
    const pieces = compact.split(decimal);
    if (pieces.length > 2) return null;
    const [intPart, fracPart = ''] = pieces;
    if (!/^[0-9]*$/.test(fracPart)) return null;
    const int = intPart === '' && fracPart !== '' ? '0' : ungroup(intPart, groupMark);
    return int === null ? null : { int, frac: fracPart };
  };

  const native = attempt(seps.decimal, group);
  if (native) return native;
  // "1.5" typed in a comma locale (or "1,5" in a dot locale) is still a decimal when it
  // cannot be read as grouping; "1.500" in German stays one thousand five hundred.
  if (!compact.includes(seps.decimal) && compact.split(other).length === 2) {
    return attempt(other, '');
  }
  return null;
}

export function parseDecimal(input: string, options: DecimalOptions): ParseResult {
  const { scale, allowNegative = false, min, max, label = 'Value' } = options;
  const text = input.trim();
  if (text === '') return { ok: false, error: `${label} is required` };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, error: `${label} is too long` };

  let body = text;
  let negative = false;
  if (/^[-\u2212]/.test(body)) {
    negative = true;
    body = body.slice(1).trimStart();
  } else if (body.startsWith('+')) {
    body = body.slice(1).trimStart();
  }

  const parts = splitNumber(body, separators(userLocale()));
  if (!parts) return { ok: false, error: `${label} must be a number, like ${example(scale)}` };
  if (parts.frac.length > scale) {
    return {
      ok: false,
      error:
        scale === 0
          ? `${label} must be a whole number`
          : `${label} allows at most ${scale} decimal place${scale === 1 ? '' : 's'}`,
    };
  }

  const digits = (parts.int + parts.frac.padEnd(scale, '0')).replace(/^0+(?=[0-9])/, '');
  if (digits.length > MAX_DIGITS) return { ok: false, error: `${label} is too large` };
  const magnitude = Number(digits);
  if (negative && magnitude !== 0 && !allowNegative) {
    return { ok: false, error: `${label} cannot be negative` };
  }
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;

  if (min !== undefined && value < min) {
    return { ok: false, error: `${label} must be at least ${formatDecimal(min, scale)}` };
  }
  if (max !== undefined && value > max) {
    return { ok: false, error: `${label} must be at most ${formatDecimal(max, scale)}` };
  }
  return { ok: true, value };
}

function example(scale: number): string {
  return scale === 0 ? '12' : formatDecimal(1250 * 10 ** Math.max(scale - 2, 0), scale);
}

/**
 * An integer unit value as the user would type it in their locale: no grouping, the locale's
 * decimal mark, trailing zeros dropped unless `fixed` (money keeps "12.50").
 */
export function formatDecimal(value: number, scale: number, fixed = false): string {
  const negative = value < 0;
  const digits = String(Math.abs(Math.trunc(value))).padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  if (!fixed) frac = frac.replace(/0+$/, '');
  const { decimal } = separators(userLocale());
  return `${negative ? '-' : ''}${int}${frac ? decimal + frac : ''}`;
}

/** Quantities are thousandths: "1,5" → 1500. Zero is refused; absurd amounts too. */
export function parseQuantity(input: string): ParseResult {
  return parseDecimal(input, { scale: 3, min: 1, max: 1_000_000_000, label: 'Quantity' });
}

/** Tax rates and percent discounts are thousandths of a percent: "19" → 19000. */
export function parsePercent(input: string, label = 'Rate'): ParseResult {
  return parseDecimal(input, { scale: 3, min: 0, max: 100_000, label });
}

/** Money in minor units of a currency whose exponent is `exponent`: "12.5" → 1250. */
export function parseMoney(input: string, exponent: number, label = 'Amount'): ParseResult {
  return parseDecimal(input, { scale: exponent, min: 0, label });
}
