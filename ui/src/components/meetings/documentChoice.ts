import type { ClientDetail } from '../../bindings';

// Which of a client's quotes or invoices a meeting is about, as one select value:
// "quote:<key>", "invoice:<key>" or "none". The key is an id or a number, as the caller needs.

/** The value for a quote (if any), else an invoice (if any), else none. */
export function documentChoice(
  quote: string | number | null | undefined,
  invoice: string | number | null | undefined,
): string {
  if (quote != null) return `quote:${quote}`;
  if (invoice != null) return `invoice:${invoice}`;
  return 'none';
}

/** The quote or invoice key a value names (a number may itself hold a colon). */
export function parseDocumentChoice(value: string): {
  quote: string | null;
  invoice: string | null;
} {
  const [kind, key] = value.split(/:(.*)/s);
  return {
    quote: kind === 'quote' ? key : null,
    invoice: kind === 'invoice' ? key : null,
  };
}

/**
 * A select's options for the client's quotes and invoices, keyed by `key`, after `none`.
 * `openOnly` leaves out what a new meeting cannot be about: declined quotes, void invoices.
 */
export function documentOptions(
  detail: ClientDetail | undefined,
  { key, none, openOnly }: { key: 'id' | 'number'; none: string; openOnly: boolean },
): { value: string; label: string }[] {
  const quotes = (detail?.quotes ?? [])
    .filter((q) => !openOnly || q.status !== 'declined')
    .map((q) => ({ value: documentChoice(q[key], null), label: `Quote ${q.number}` }));
  const invoices = (detail?.invoices ?? [])
    .filter((i) => i.number !== null && (!openOnly || i.status !== 'void'))
    .map((i) => ({ value: documentChoice(null, i[key]), label: `Invoice ${i.number}` }));
  return [{ value: 'none', label: none }, ...quotes, ...invoices];
}
