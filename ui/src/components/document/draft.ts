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
import { blankToNull, sentence } from '../../format/text';

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
    // Follows the issue date and the payment terms (see `withDefaults`).
    dueDate: null,
  };
}

/** What a new document starts with from the document settings, which may load late. */
export interface DraftDefaults {
  notes?: string;
  /** Days from the issue date to the due date (invoices). */
  paymentTermsDays?: number;
}

/** The defaulted fields the user has changed; those keep what the user chose. */
export interface EditedFields {
  notes: boolean;
  dueDate: boolean;
}

/** The calendar date `days` after a "YYYY-MM-DD", counted in UTC so DST cannot shift it. */
function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The draft as shown and saved: a field the user has not changed takes its default, so
 * settings that arrive after the editor opened still fill it, and an untouched due date
 * follows the issue date.
 */
export function withDefaults(
  draft: DocumentDraft,
  defaults: DraftDefaults,
  edited: EditedFields,
): DocumentDraft {
  const { notes, paymentTermsDays } = defaults;
  return {
    ...draft,
    notes: edited.notes || notes === undefined ? draft.notes : notes,
    dueDate:
      edited.dueDate || paymentTermsDays === undefined || !draft.issueDate
        ? draft.dueDate
        : addDays(draft.issueDate, paymentTermsDays),
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
  draft: DraftNumbers,
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

/** The parts of a draft its totals depend on. */
export type DraftNumbers = Pick<
  DocumentDraft,
  'currency' | 'lines' | 'discountKind' | 'discountValue'
>;

/**
 * What `compute_totals` needs, or a null input while some number cannot be read, with why.
 * Totals depend only on the numbers, so descriptions are not sent (blank ones are reported
 * when saving).
 */
export function totalsInput(
  draft: DraftNumbers,
  exponent: number,
): { input: TotalsInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items = draft.lines.map((line, i) => parseLine(line, i, exponent, errors));
  const discount = parseDiscount(draft, exponent, errors);
  if (discount === null || items.some((item) => item === null)) return { input: null, errors };
  return {
    errors,
    input: {
      currency: draft.currency,
      items: (items as LineItemInput[]).map((item) => ({ ...item, description: '·' })),
      discount,
    },
  };
}

/** The field key (as the backend names it) of each editable part of a line. */
export const LINE_FIELDS = {
  description: 'description',
  quantity: 'quantity_milli',
  unitPrice: 'unit_price_minor',
  taxRate: 'tax_rate_milli',
} as const;

export type LineProp = keyof typeof LINE_FIELDS;

/** `items[2].quantity_milli`: where the error of line `index`'s `prop` is kept. */
export function lineErrorKey(index: number, prop: LineProp): string {
  return `items[${index}].${LINE_FIELDS[prop]}`;
}

const LINE_KEY = /^items\[(\d+)\]\.(\w+)$/;
const FIELD_ORDER: string[] = Object.values(LINE_FIELDS);

/** What the user typed into the field an error key names; undefined for other keys. */
function typedText(draft: DraftNumbers, key: string): string | undefined {
  if (key === 'discount') return draft.discountValue;
  const m = LINE_KEY.exec(key);
  const prop = m && (Object.keys(LINE_FIELDS) as LineProp[]).find((p) => LINE_FIELDS[p] === m[2]);
  return prop ? draft.lines[Number(m[1])]?.[prop] : undefined;
}

/**
 * The errors to show while the user types: a value that cannot be read is marked at once,
 * a field still left blank only when saving (a new line is not an error).
 */
export function typedErrors(draft: DraftNumbers, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([key]) => (typedText(draft, key) ?? '').trim() !== ''),
  );
}

function lowerFirst(text: string): string {
  return text ? text[0].toLowerCase() + text.slice(1) : text;
}

/** Sorts error keys as the user reads the editor: line by line, field by field, then the rest. */
function readingOrder(key: string): [number, number] {
  const m = LINE_KEY.exec(key);
  return m ? [Number(m[1]), FIELD_ORDER.indexOf(m[2])] : [Infinity, 0];
}

/**
 * Why the totals cannot be worked out, naming the field: "Line 3: quantity must be at least
 * 0.001.", "The discount must be a number, like 12.5.". Null when nothing in `errors` is
 * about the numbers.
 */
export function totalsProblem(errors: FieldErrors): { field: string; text: string } | null {
  const [field] = Object.keys(errors)
    .filter((key) => !key.endsWith('.description'))
    .sort((a, b) => {
      const [la, fa] = readingOrder(a);
      const [lb, fb] = readingOrder(b);
      return la === lb ? fa - fb : la - lb;
    });
  if (field === undefined) return null;
  const message = errors[field].trim().replace(/\.$/, '');
  const line = LINE_KEY.exec(field);
  let text: string;
  if (line) text = `Line ${Number(line[1]) + 1}: ${lowerFirst(message)}`;
  else if (field.startsWith('discount') && /^discount\b/i.test(message)) {
    text = `The ${lowerFirst(message)}`;
  } else text = sentence(message);
  return { field, text: `${text}.` };
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
