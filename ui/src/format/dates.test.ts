import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRelative, parseIsoDate, toIsoDate } from './dates';
import { setUserLocale } from './locale';

describe('calendar dates', () => {
  it('reads YYYY-MM-DD as that local day, whatever the time zone', () => {
    const date = parseIsoDate('2025-01-31');
    expect(date?.getFullYear()).toBe(2025);
    expect(date?.getMonth()).toBe(0);
    expect(date?.getDate()).toBe(31);
    expect(toIsoDate(date!)).toBe('2025-01-31');
  });

  it('refuses impossible and malformed dates', () => {
    for (const bad of ['2025-02-30', '2025-13-01', '25-01-01', '2025-1-1', '', 'yesterday']) {
      expect(parseIsoDate(bad)).toBeNull();
    }
  });

  it('formats in the user locale', () => {
    expect(formatDate('2025-03-12')).toBe('Mar 12, 2025');
    setUserLocale('de-DE');
    expect(formatDate('2025-03-12')).toBe('12.03.2025');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('garbage')).toBe('garbage');
  });
});

describe('timestamps', () => {
  it('formats RFC 3339 in local time', () => {
    const text = formatDateTime('2025-03-12T14:05:00Z');
    expect(text).toMatch(/2025/);
    expect(formatDateTime('not a time')).toBe('not a time');
  });

  it('says how long ago something happened', () => {
    const now = new Date('2025-03-12T12:00:00Z');
    expect(formatRelative('2025-03-12T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-03-11T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2025-03-12T11:59:50Z', now)).toBe('this minute');
  });
});
