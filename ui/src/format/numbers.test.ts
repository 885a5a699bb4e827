import { describe, expect, it } from 'vitest';
import { setUserLocale } from './locale';
import { countOf, formatBytes, formatCount } from './numbers';

describe('counts and sizes', () => {
  it('writes counts in the user locale with the right noun', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(countOf(1, 'client', 'clients')).toBe('1 client');
    expect(countOf(0, 'client', 'clients')).toBe('0 clients');
    setUserLocale('de-DE');
    expect(countOf(12000, 'client', 'clients')).toBe('12.000 clients');
  });

  it('writes file sizes in decimal units', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1_400_000)).toBe('1.4 MB');
    expect(formatBytes(2_000_000_000_000_000)).toBe('2,000 TB');
    expect(formatBytes(-5)).toBe('0 bytes');
  });
});
