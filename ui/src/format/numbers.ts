import { userLocale } from './locale';

/** A count as the user's locale writes it: 10,000 / 10.000 / 10 000. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(userLocale(), { maximumFractionDigits: 0 }).format(n);
}

/** "2 clients", "1 client": the count in the user's locale with the right noun. */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** A file size in decimal units, e.g. "1.4 MB". */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = new Intl.NumberFormat(userLocale(), {
    maximumFractionDigits: unit ? 1 : 0,
  }).format(value);
  return `${number} ${UNITS[unit]}`;
}
