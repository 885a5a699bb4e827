// The one place that decides which locale the UI formats and parses numbers and dates in.
// Tests override it so they do not depend on the machine's language.
let current: string | undefined;

export function userLocale(): string {
  return current ?? navigator.language ?? 'en-US';
}

export function setUserLocale(locale: string | undefined): void {
  current = locale;
}
