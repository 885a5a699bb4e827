// The one place that decides which locale the UI formats and parses numbers and dates in.
// Tests override it so they do not depend on the machine's language.
let current: string | undefined;
let detected: string | undefined;

const FALLBACK = 'en-US';

/**
 * A BCP 47 tag Intl accepts, from what the system reports. WebKit passes POSIX values through
 * ("C" with LANG=C, "de_DE.UTF-8"), which make every Intl constructor throw.
 */
export function toLocaleTag(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const tag = raw.split(/[.@]/)[0].replace(/_/g, '-');
  if (tag === '' || tag === 'C' || tag === 'POSIX') return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0
      ? canonical
      : undefined;
  } catch {
    return undefined;
  }
}

export function userLocale(): string {
  if (current) return current;
  if (!detected) {
    const candidates = [...(navigator.languages ?? []), navigator.language];
    detected = candidates.map(toLocaleTag).find(Boolean) ?? FALLBACK;
  }
  return detected;
}

export function setUserLocale(locale: string | undefined): void {
  current = locale;
}
