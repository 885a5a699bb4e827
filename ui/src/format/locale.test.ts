import { describe, expect, it } from 'vitest';
import { toLocaleTag } from './locale';

describe('toLocaleTag', () => {
  it('keeps valid tags', () => {
    expect(toLocaleTag('de-DE')).toBe('de-DE');
    expect(toLocaleTag('fr')).toBe('fr');
  });

  it('turns POSIX locale names into tags', () => {
    expect(toLocaleTag('de_DE.UTF-8')).toBe('de-DE');
    expect(toLocaleTag('en_GB@euro')).toBe('en-GB');
  });

  it('rejects what Intl would throw on', () => {
    for (const bad of ['C', 'POSIX', 'C.UTF-8', '', '!!', 'x'.repeat(300), undefined, null]) {
      expect(toLocaleTag(bad)).toBeUndefined();
    }
  });
});
