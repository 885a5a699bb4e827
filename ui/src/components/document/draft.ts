import type {
  Discount,
  Invoice,
  InvoiceInput,
  LineItemInput,
  Quote,
  QuoteInput,
  TotalsInput,
} from '../../bindings';
import { formatDecimal, parseMoney, parsePercent, parseQuantity } from '../../format/decimal';
import { blankToNull } from '../../format/text';

// The editor keeps what the user typed as text, so a value that does not parse stays on
// screen next to its message. Errors are keyed like the backend's `field` values
// (`items[1].quantity_milli`), so client-side and server-side messages land on the same input.

export type DiscountKind = Discount['kind'];

export interface LineDraft {
  /** Stable React key; survives reordering. */
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

export interface DocumentDraft {
  clientId: string | null;
  currency: string;
  lines: LineDraft[];
  discountKind: DiscountKind;
  discountValue: string;
  notes: string;
  /** Quotes only. */
  validUntil: string | null;
  /** Invoices only. */
  issueDate: string | null;
  dueDate: string | null;
}

export type FieldErrors = Record<string, string>;

let nextKey = 1;

export function blankLine(taxRateMilli: number): LineDraft {
  return {
    key: nextKey++,
    description: '',
    quantity: formatDecimal(1000, 3),
    unitPrice: '',
    taxRate: formatDecimal(taxRateMilli, 3),
  };
}

export function newDraft(options: {
  clientId: string | null;
  currency: string;
  taxRateMilli: number;
  validUntil?: string | null;
  issueDate?: string | null;
  dueDate?: string | null;
}): DocumentDraft {
  return {
    clientId: options.clientId,
    currency: options.currency,
    lines: [blankLine(options.taxRateMilli)],
    discountKind: 'none',
    discountValue: '',
    notes: '',
    validUntil: options.validUntil ?? null,
    issueDate: options.issueDate ?? null,
    dueDate: options.dueDate ?? null,
  };
}

export function draftFromDocument(doc: Quote | Invoice, exponent: number): DocumentDraft {
  const discountValue =
    doc.discount.kind === 'percent'
      ? formatDecimal(doc.discount.milli, 3)
      : doc.discount.kind === 'amount'
        ? formatDecimal(doc.discount.minor, exponent, true)
        : '';
  return {
    clientId: String(doc.client_id),
    currency: doc.currency,
    lines: doc.items.map((item) => ({
      key: nextKey++,
      description: item.description,
      quantity: formatDecimal(item.quantity_milli, 3),
      unitPrice: formatDecimal(item.unit_price_minor, exponent, true),
      taxRate: formatDecimal(item.tax_rate_milli, 3),
    })),
    discountKind: doc.discount.kind,
    discountValue,
    notes: doc.notes ?? '',
    validUntil: 'valid_until' in doc ? doc.valid_until : null,
    issueDate: 'issue_date' in doc ? doc.issue_date : null,
    dueDate: 'due_date' in doc ? doc.due_date : null,
  };
}

const MAX_DESCRIPTION = 1000;

function parseLine(line: LineDraft, index: number, exponent: number, errors: FieldErrors) {
  const field = (name: string) => `items[${index}].${name}`;
  const quantity = parseQuantity(line.quantity);
  const price = parseMoney(line.unitPrice, exponent, 'Unit price');
  const tax = parsePercent(line.taxRate, 'Tax rate');
  if (!quantity.ok) errors[field('quantity_milli')] = quantity.error;
  if (!price.ok) errors[field('unit_price_minor')] = price.error;
  if (!tax.ok) errors[field('tax_rate_milli')] = tax.error;
  if (!quantity.ok || !price.ok || !tax.ok) return null;
  return {
    description: line.description.trim(),
    quantity_milli: quantity.value,
    unit_price_minor: price.value,
    tax_rate_milli: tax.value,
  } satisfies LineItemInput;
}

function parseDiscount(
  draft: DocumentDraft,
  exponent: number,
  errors: FieldErrors,
): Discount | null {
  if (draft.discountKind === 'none') return { kind: 'none' };
  if (draft.discountKind === 'percent') {
    const parsed = parsePercent(draft.discountValue, 'Discount');
    if (parsed.ok) return { kind: 'percent', milli: parsed.value };
    errors.discount = parsed.error;
    return null;
  }
  const parsed = parseMoney(draft.discountValue, exponent, 'Discount');
  if (parsed.ok) return { kind: 'amount', minor: parsed.value };
  errors.discount = parsed.error;
  return null;
}

/**
 * What `compute_totals` needs, or null while some number cannot be read. Totals depend only
 * on the numbers, so descriptions are not sent (blank ones are reported when saving).
 */
export function totalsInput(draft: DocumentDraft, exponent: number): TotalsInput | null {
  const errors: FieldErrors = {};
  const items = draft.lines.map((line, i) => parseLine(line, i, exponent, errors));
  const discount = parseDiscount(draft, exponent, errors);
  if (discount === null || items.some((item) => item === null)) return null;
  return {
    currency: draft.currency,
    items: (items as LineItemInput[]).map((item) => ({ ...item, description: '·' })),
    discount,
  };
}

interface Parsed {
  errors: FieldErrors;
  items: LineItemInput[];
  discount: Discount;
}

function parseCommon(draft: DocumentDraft, exponent: number): Parsed | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!draft.clientId) errors.client_id = 'Choose a client';
  if (!draft.currency) errors.currency = 'Choose a currency';
  if (draft.lines.length === 0) errors.items = 'Add at least one line';
  const items = draft.lines.map((line, i) => {
    const description = line.description.trim();
    if (description === '') errors[`items[${i}].description`] = 'Describe what this line is for';
    else if (description.length > MAX_DESCRIPTION) {
      errors[`items[${i}].description`] = `At most ${MAX_DESCRIPTION} characters, please`;
    }
    return parseLine(line, i, exponent, errors);
  });
  const discount = parseDiscount(draft, exponent, errors);
  if (Object.keys(errors).length > 0 || discount === null) return { errors };
  return { errors, items: items as LineItemInput[], discount };
}

export function toQuoteInput(
  draft: DocumentDraft,
  exponent: number,
): { input: QuoteInput; errors: FieldErrors } | { input: null; errors: FieldErrors } {
  const parsed = parseCommon(draft, exponent);
  if (!('items' in parsed)) return { input: null, errors: parsed.errors };
  return {
    errors: {},
    input: {
      client_id: Number(draft.clientId),
      currency: draft.currency,
      items: parsed.items,
      discount: parsed.discount,
      notes: blankToNull(draft.notes),
      valid_until: draft.validUntil || null,
    },
  };
}

export function toInvoiceInput(
  draft: DocumentDraft,
  exponent: number,
): { input: InvoiceInput; errors: FieldErrors } | { input: null; errors: FieldErrors } {
  const parsed = parseCommon(draft, exponent);
  const errors = { ...parsed.errors };
  if (!draft.issueDate) errors.issue_date = 'Choose the issue date';
  if (!draft.dueDate) errors.due_date = 'Choose the due date';
  else if (draft.issueDate && draft.dueDate < draft.issueDate) {
    errors.due_date = 'The due date cannot be before the issue date';
  }
  if (!('items' in parsed) || Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors: {},
    input: {
      client_id: Number(draft.clientId),
      currency: draft.currency,
      items: parsed.items,
      discount: parsed.discount,
      notes: blankToNull(draft.notes),
      issue_date: draft.issueDate!,
      due_date: draft.dueDate!,
    },
  };
}

/** The list with the entry at `from` moved to `to`; out-of-range moves change nothing. */
export function moveLine<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}
