import { userLocale } from './locale';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// The IANA zone Quotla's core uses for "today", overdue and expiry; instants are shown in it
// so the UI never disagrees with the backend about which day it is. Unset until the app
// context has loaded, and then the webview's own zone is used.
let zone: string | undefined;

/** Sets the zone instants are shown in; a zone this webview's Intl lacks is ignored. */
export function setDisplayTimeZone(timeZone: string | undefined): void {
  if (timeZone !== undefined && !isSupportedTimeZone(timeZone)) {
    console.warn(`time zone ${timeZone} is unknown to this webview; using its own`);
    timeZone = undefined;
  }
  zone = timeZone;
}

/** The zone instants are shown in. */
export function displayTimeZone(): string {
  return zone ?? systemTimeZone();
}

/** The webview's own zone, which the backend also falls back to. */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isSupportedTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

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

/** The calendar date an instant falls on in the display zone, as "YYYY-MM-DD". */
function isoDateInZone(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
    timeZone: displayTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Days since 1970-01-01 of a valid "YYYY-MM-DD", for calendar arithmetic free of DST. */
function dayNumber(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Today in the display zone, e.g. the default issue date. */
export function todayIsoDate(now: Date = new Date()): string {
  return isoDateInZone(now);
}

/** The calendar date `days` after today in the display zone, e.g. a default due date. */
export function isoDateInDays(days: number, now: Date = new Date()): string {
  const date = new Date((dayNumber(todayIsoDate(now)) + days) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** "12 Mar 2025" / "Mar 12, 2025" as the user's locale writes a date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseIsoDate(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), { dateStyle: 'medium' }).format(date);
}

function parseInstant(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The day an RFC 3339 timestamp falls on in the display zone, written like `formatDate`. */
export function formatInstantDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseInstant(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), {
    dateStyle: 'medium',
    timeZone: displayTimeZone(),
  }).format(date);
}

/** An RFC 3339 timestamp in the display zone, e.g. "12 Mar 2025, 14:05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parseInstant(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: displayTimeZone(),
  }).format(date);
}

const DAY_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365],
  ['month', 30],
  ['week', 7],
];

/**
 * "3 hours ago", "yesterday", "in 2 days": for timeline entries, next to the exact time.
 * Past a day it counts calendar days in the display zone, so "yesterday" means the day
 * before today there.
 */
export function formatRelative(value: string, now: Date = new Date()): string {
  const date = parseInstant(value);
  if (!date) return value;
  const rtf = new Intl.RelativeTimeFormat(userLocale(), { numeric: 'auto' });
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 24 * 3600) {
    if (Math.abs(seconds) >= 3600) return rtf.format(Math.trunc(seconds / 3600), 'hour');
    return rtf.format(Math.trunc(seconds / 60), 'minute');
  }
  const days = dayGap(date, now);
  for (const [unit, size] of DAY_UNITS) {
    if (Math.abs(days) >= size) return rtf.format(Math.trunc(days / size), unit);
  }
  return rtf.format(days, 'day');
}

/** The time of day of an RFC 3339 timestamp in the display zone, e.g. "14:05". */
export function formatTime(value: string): string {
  const date = parseInstant(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), {
    timeStyle: 'short',
    timeZone: displayTimeZone(),
  }).format(date);
}

/** Weekday and date of an RFC 3339 timestamp in the display zone, e.g. "Tue, Mar 10". */
export function formatDay(value: string): string {
  const date = parseInstant(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(userLocale(), {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: displayTimeZone(),
  }).format(date);
}

/** Calendar days from `now`'s day to `date`'s day in the display zone. */
function dayGap(date: Date, now: Date): number {
  return dayNumber(isoDateInZone(date)) - dayNumber(isoDateInZone(now));
}
