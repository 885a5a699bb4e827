/** A message as a sentence: capital first. Every ApiError message goes through it. */
export function sentence(message: string): string {
  const text = message.trim();
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** Optional form text as the backend wants it: blank means absent. */
export function blankToNull(value: string): string | null {
  return value.trim() === '' ? null : value;
}
