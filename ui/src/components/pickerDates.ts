import type { DateFormatter, DateValue } from '@mantine/dates';
import { formatDate, toIsoDate } from '../format/dates';

function isoDay(value: DateValue): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : toIsoDate(value);
}

/**
 * What a date picker shows for its value: the day as `formatDate` writes it everywhere else,
 * so an editor and a detail page agree ("Dec 30, 2026" in both), instead of Mantine's own
 * dayjs pattern.
 */
export const pickerDateFormatter: DateFormatter = ({ type, date, labelSeparator }) => {
  const day = (value: DateValue) => formatDate(isoDay(value));
  if (type === 'range' && Array.isArray(date)) {
    const [from, to] = date as [DateValue, DateValue];
    if (from === null) return '';
    return to === null
      ? `${day(from)} ${labelSeparator} `
      : `${day(from)} ${labelSeparator} ${day(to)}`;
  }
  if (type === 'multiple' && Array.isArray(date)) return (date as DateValue[]).map(day).join(', ');
  return date === null || Array.isArray(date) ? '' : day(date);
};
