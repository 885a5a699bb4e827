import { userLocale } from './locale';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a calendar date "YYYY-MM-DD" as that day in local time. `new Date("2025-01-31")`
 * would mean UTC midnight, which is the previous day west of Greenwich.
 */
export function parseIsoDate(value: string): Date | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return null;
  }
  return date;
}

/** The calendar date of a local Date as "YYYY-MM-DD", the form the backend takes. */
export function toIsoDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function todayIsoDate(): string {
  return toIsoDate(new Date());
}

/** The calendar date `days` after today, e.g. a default due date. */
export function isoDateInDays(days: number, from: Date = new Date()): string {
  return toIsoDate(new Date(from.getFullYear(), from.getMonth(), from.getDate() + days));
}

/** "12 Mar 2025" / "Mar 12, 2025" as the user's locale writes a date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseIsoDate(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), { dateStyle: 'medium' }).format(date);
}

/** An RFC 3339 timestamp in local time, e.g. "12 Mar 2025, 14:05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(userLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days": for timeline entries, next to the exact time. */
export function formatRelative(value: string, now: Date = new Date()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(userLocale(), { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, 'minute');
}
