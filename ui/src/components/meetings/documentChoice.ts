import type { ComboboxItem } from '@mantine/core';
import type { InvoiceSummary, QuoteSummary } from '../../bindings';

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

/** One quote's or invoice's option, e.g. the one a form starts with. */
export function documentOption(
  kind: 'quote' | 'invoice',
  key: string | number,
  number: string | null,
): ComboboxItem {
  return kind === 'quote'
    ? { value: documentChoice(key, null), label: `Quote ${number ?? key}` }
    : { value: documentChoice(null, key), label: number ? `Invoice ${number}` : 'Draft invoice' };
}

/**
 * A select's options for the client's matching quotes, then invoices, keyed by `key`.
 * Documents of another client (an earlier choice's matches, shown while the new ones load)
 * are left out, and so are drafts, which a meeting cannot name yet. `openOnly` also leaves
 * out what a new meeting cannot be about: declined quotes, void invoices.
 */
export function documentOptions(
  found: { quotes: QuoteSummary[]; invoices: InvoiceSummary[] },
  { clientId, key, openOnly }: { clientId: number; key: 'id' | 'number'; openOnly: boolean },
): ComboboxItem[] {
  const quotes = found.quotes
    .filter((q) => q.client_id === clientId && (!openOnly || q.status !== 'declined'))
    .map((q) => documentOption('quote', q[key], q.number));
  const invoices = found.invoices
    .filter((i): i is InvoiceSummary & { number: string } => i.number !== null)
    .filter((i) => i.client_id === clientId && (!openOnly || i.status !== 'void'))
    .map((i) => documentOption('invoice', i[key], i.number));
  return [...quotes, ...invoices];
}
