import { describe, expect, it, vi } from 'vitest';
import {
  displayTimeZone,
  formatDate,
  formatDateTime,
  formatInstantDate,
  formatRelative,
  isoDateInDays,
  parseIsoDate,
  setDisplayTimeZone,
  toIsoDate,
  todayIsoDate,
} from './dates';
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
  it('shows the day an instant falls on in the chosen zone', () => {
    setDisplayTimeZone('Asia/Tokyo');
    expect(formatInstantDate('2025-03-12T23:30:00Z')).toBe('Mar 13, 2025');
    setDisplayTimeZone('America/New_York');
    expect(formatInstantDate('2025-03-12T23:30:00Z')).toBe('Mar 12, 2025');
    expect(formatInstantDate(null)).toBe('—');
    expect(formatInstantDate('not a time')).toBe('not a time');
  });

  it('formats date and time in the chosen zone, across a DST change', () => {
    setUserLocale('de-DE');
    setDisplayTimeZone('Europe/Berlin');
    expect(formatDateTime('2025-03-12T14:05:00Z')).toBe('12.03.2025, 15:05');
    // New York springs forward on 9 March 2025: 06:30 UTC is 01:30 EST, 07:30 UTC 03:30 EDT.
    setDisplayTimeZone('America/New_York');
    expect(formatDateTime('2025-03-09T06:30:00Z')).toBe('09.03.2025, 01:30');
    expect(formatDateTime('2025-03-09T07:30:00Z')).toBe('09.03.2025, 03:30');
    expect(formatDateTime('not a time')).toBe('not a time');
  });

  it('says how long ago something happened', () => {
    const now = new Date('2025-03-12T12:00:00Z');
    expect(formatRelative('2025-03-12T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-03-11T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2025-03-12T11:59:50Z', now)).toBe('this minute');
    expect(formatRelative('2025-02-05T12:00:00Z', now)).toBe('last month');
  });

  it('counts days as the calendar in the chosen zone does', () => {
    const now = new Date('2025-03-12T12:00:00Z');
    // 35 hours earlier: 10:00 the day before in Tokyo, 21:00 two days before in New York.
    setDisplayTimeZone('Asia/Tokyo');
    expect(formatRelative('2025-03-11T01:00:00Z', now)).toBe('yesterday');
    setDisplayTimeZone('America/New_York');
    expect(formatRelative('2025-03-11T01:00:00Z', now)).toBe('2 days ago');
  });
});

describe('today', () => {
  it('is the date in the chosen zone, not in UTC', () => {
    const now = new Date('2025-03-31T20:00:00Z');
    setDisplayTimeZone('Pacific/Kiritimati');
    expect(todayIsoDate(now)).toBe('2025-04-01');
    expect(isoDateInDays(30, now)).toBe('2025-05-01');
    setDisplayTimeZone('Pacific/Pago_Pago');
    expect(todayIsoDate(new Date('2025-04-01T05:00:00Z'))).toBe('2025-03-31');
    expect(isoDateInDays(1, new Date('2025-04-01T05:00:00Z'))).toBe('2025-04-01');
  });

  it('keeps whole days across a DST change', () => {
    setDisplayTimeZone('Europe/Berlin');
    expect(isoDateInDays(14, new Date('2025-03-20T23:30:00Z'))).toBe('2025-04-04');
  });

  it('falls back to the system zone for a zone the webview does not know', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setDisplayTimeZone('Mars/Olympus_Mons');
    expect(displayTimeZone()).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(formatDateTime('2025-03-12T14:05:00Z')).toMatch(/2025/);
    expect(warn).toHaveBeenCalled();
  });
});
