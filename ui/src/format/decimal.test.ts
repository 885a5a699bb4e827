import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal, parseMoney, parsePercent, parseQuantity } from './decimal';
import { setUserLocale } from './locale';

const cents = (input: string) => parseMoney(input, 2);

describe('parseDecimal in en-US', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.05', 5],
    ['.5', 50],
    ['5.', 500],
    ['  7.25  ', 725],
    ['1,234.56', 123456],
    ['1,234,567', 123456700],
    ['1 234.5', 123450],
    ['+3', 300],
    ['0', 0],
    ['-0', 0],
    ['0007', 700],
  ])('reads %j as %i cents', (input, expected) => {
    expect(cents(input)).toEqual({ ok: true, value: expected });
  });

  it('reads a comma typed as a decimal mark when it cannot be grouping', () => {
    expect(cents('1,5')).toEqual({ ok: true, value: 150 });
    expect(cents('1,500')).toEqual({ ok: true, value: 150000 });
  });

  it.each([
    '',
    '   ',
    'abc',
    '12abc',
    '1.2.3',
    '1,23,4',
    '1e5',
    '0x10',
    'NaN',
    'Infinity',
    '--1',
    '1-',
    '.',
    '$5',
    '١٢',
    '１２',
    '1_000',
  ])('refuses %j', (input) => {
    const result = cents(input);
    expect(result.ok).toBe(false);
  });

  it('explains what is wrong', () => {
    expect(cents('')).toEqual({ ok: false, error: 'Amount is required' });
    expect(cents('abc')).toEqual({ ok: false, error: 'Amount must be a number, like 12.5' });
    expect(cents('1.234')).toEqual({ ok: false, error: 'Amount allows at most 2 decimal places' });
    expect(cents('-5')).toEqual({ ok: false, error: 'Amount cannot be negative' });
    expect(parseMoney('1.5', 0)).toEqual({ ok: false, error: 'Amount must be a whole number' });
  });

  it('refuses oversized and hostile input without throwing', () => {
    expect(cents('9'.repeat(14))).toEqual({ ok: false, error: 'Amount is too large' });
    expect(cents('1'.repeat(41))).toEqual({ ok: false, error: 'Amount is too long' });
    expect(cents('9'.repeat(100000)).ok).toBe(false);
    expect(cents('<script>alert(1)</script>').ok).toBe(false);
    expect(cents('1\u00002').ok).toBe(false);
    expect(cents('1'.repeat(13)).ok).toBe(true);
  });

  it('allows negatives only when asked and keeps values exact', () => {
    expect(parseDecimal('-1.5', { scale: 2, allowNegative: true })).toEqual({
      ok: true,
      value: -150,
    });
    expect(parseDecimal('\u22121.5', { scale: 2, allowNegative: true })).toEqual({
      ok: true,
      value: -150,
    });
    // 0.1 + 0.2 style float errors cannot creep in: digits are concatenated, not multiplied.
    expect(cents('0.29')).toEqual({ ok: true, value: 29 });
    expect(cents('1.13')).toEqual({ ok: true, value: 113 });
  });
});

describe('parseDecimal in comma locales', () => {
  it('reads German input', () => {
    setUserLocale('de-DE');
    expect(cents('12,5')).toEqual({ ok: true, value: 1250 });
    expect(cents('1.234,56')).toEqual({ ok: true, value: 123456 });
    expect(cents('1.500')).toEqual({ ok: true, value: 150000 });
    expect(cents('1.5')).toEqual({ ok: true, value: 150 });
    expect(cents('1,2,3').ok).toBe(false);
  });

  it('reads French input with narrow no-break spaces as grouping', () => {
    setUserLocale('fr-FR');
    expect(cents('1\u202f234,5')).toEqual({ ok: true, value: 123450 });
    expect(cents('1 234,5')).toEqual({ ok: true, value: 123450 });
  });
});

describe('unit parsers', () => {
  it('parses quantities in thousandths and refuses zero and absurd amounts', () => {
    expect(parseQuantity('2')).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('1.125')).toEqual({ ok: true, value: 1125 });
    expect(parseQuantity('0')).toEqual({ ok: false, error: 'Quantity must be at least 0.001' });
    expect(parseQuantity('1.0005').ok).toBe(false);
    expect(parseQuantity('2000000')).toEqual({
      ok: false,
      error: 'Quantity must be at most 1000000',
    });
    expect(parseQuantity('-1')).toEqual({ ok: false, error: 'Quantity cannot be negative' });
  });

  it('parses percentages in thousandths of a percent, up to 100', () => {
    expect(parsePercent('19')).toEqual({ ok: true, value: 19000 });
    expect(parsePercent('7.7')).toEqual({ ok: true, value: 7700 });
    expect(parsePercent('0')).toEqual({ ok: true, value: 0 });
    expect(parsePercent('100.001')).toEqual({ ok: false, error: 'Rate must be at most 100' });
  });
});

describe('formatDecimal', () => {
  it('writes integer units back the way the user types them', () => {
    expect(formatDecimal(1500, 3)).toBe('1.5');
    expect(formatDecimal(2000, 3)).toBe('2');
    expect(formatDecimal(1250, 2, true)).toBe('12.50');
    expect(formatDecimal(5, 2, true)).toBe('0.05');
    expect(formatDecimal(-150, 2)).toBe('-1.5');
    expect(formatDecimal(42, 0)).toBe('42');
    setUserLocale('de-DE');
    expect(formatDecimal(1250, 2, true)).toBe('12,50');
  });

  it('round-trips through the parser', () => {
    for (const value of [0, 1, 99, 100, 123456, 999999999]) {
      expect(cents(formatDecimal(value, 2, true))).toEqual({ ok: true, value });
    }
  });
});
