import {
  Alert,
  Button,
  Code,
  Group,
  Input,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useDocumentSettings, useUpdateDocumentSettings } from '../../api/documentSettings';
import { toApiError } from '../../api/errors';
import type { DocumentSettings, PaperSize } from '../../bindings';
import { ErrorState, PageSkeleton } from '../../components/States';
import { formatCount } from '../../format/numbers';
import { blankToNull } from '../../format/text';

export function DocumentSettingsTab() {
  const settings = useDocumentSettings();
  if (settings.isPending) return <PageSkeleton />;
  if (settings.isError)
    return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <DocumentSettingsForm settings={settings.data} />;
}

/** Number inputs hold '' while empty, so a cleared field is refused rather than read as 0. */
type NumberValue = number | string;

interface Form {
  payment_terms_days: NumberValue;
  quote_prefix: string;
  next_quote_number: NumberValue;
  invoice_prefix: string;
  next_invoice_number: NumberValue;
  quote_notes: string;
  invoice_notes: string;
  paper_size: PaperSize;
  email_subject: string;
  email_body: string;
}

// Named like the settings, so a backend error's `field` lands on its input.
type Errors = Partial<Record<keyof Form, string>>;

const MAX_PREFIX = 12;
const MAX_NUMBER = 999_999_999;
const TEXT_LIMITS: Partial<Record<keyof Form, number>> = {
  quote_notes: 5000,
  invoice_notes: 5000,
  email_subject: 200,
  email_body: 5000,
};

const PLACEHOLDERS: [string, string][] = [
  ['{document}', 'The word “quote” or “invoice”'],
  ['{number}', 'The document\u2019s number'],
  ['{client}', 'The client\u2019s name'],
  ['{business}', 'Your business name'],
  ['{total}', 'The total with its currency'],
  ['{due_date}', 'The invoice\u2019s due date, or the date a quote is valid until'],
];

function toForm(s: DocumentSettings): Form {
  return {
    payment_terms_days: s.payment_terms_days,
    quote_prefix: s.quote_prefix,
    next_quote_number: s.next_quote_number,
    invoice_prefix: s.invoice_prefix,
    next_invoice_number: s.next_invoice_number,
    quote_notes: s.quote_notes ?? '',
    invoice_notes: s.invoice_notes ?? '',
    paper_size: s.paper_size,
    email_subject: s.email_subject,
    email_body: s.email_body,
  };
}

const isWhole = (value: NumberValue): value is number =>
  typeof value === 'number' && Number.isInteger(value);

/** The number the next document gets, as the backend writes it: prefix, at least 4 digits. */
function numberPreview(prefix: string, next: number): string {
  return `${prefix.trim()}${String(next).padStart(4, '0')}`;
}

function validate(form: Form, stored: DocumentSettings): Errors {
  const errors: Errors = {};
  const days = form.payment_terms_days;
  if (!isWhole(days) || days < 0 || days > 365) {
    errors.payment_terms_days = 'Enter a whole number of days from 0 to 365';
  }
  for (const field of ['quote_prefix', 'invoice_prefix'] as const) {
    const prefix = form[field].trim();
    if (prefix.length > MAX_PREFIX) errors[field] = `At most ${MAX_PREFIX} characters, please`;
    else if (/\p{Cc}/u.test(prefix)) errors[field] = 'A prefix cannot contain control characters';
  }
  for (const [field, lowest] of [
    ['next_quote_number', stored.next_quote_number],
    ['next_invoice_number', stored.next_invoice_number],
  ] as const) {
    const next = form[field];
    if (!isWhole(next) || next > MAX_NUMBER) {
      errors[field] =
        `Enter a whole number from ${formatCount(lowest)} to ${formatCount(MAX_NUMBER)}`;
    } else if (next < lowest) {
      errors[field] =
        `It cannot go below ${formatCount(lowest)}: lower numbers may already be taken`;
    }
  }
  if (form.email_subject.trim() === '') errors.email_subject = 'The e-mail subject is required';
  if (form.email_body.trim() === '') errors.email_body = 'The e-mail text is required';
  for (const [field, limit] of Object.entries(TEXT_LIMITS) as [keyof Form, number][]) {
    if (!errors[field] && String(form[field]).trim().length > limit) {
      errors[field] = `At most ${formatCount(limit)} characters, please`;
    }
  }
  return errors;
}

const sameForm = (a: Form, b: Form) =>
  (Object.keys(a) as (keyof Form)[]).every((field) => a[field] === b[field]);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Title order={5}>{title}</Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Shows under a next number what the next document will be called, while the input is valid. */
function nextDescription(prefix: string, next: NumberValue, testId: string) {
  return isWhole(next) && next > 0 ? (
    <span data-testid={testId}>Next: {numberPreview(prefix, next)}</span>
  ) : undefined;
}

/** The prefix and next-number fields of one kind of document. */
interface Numbering {
  noun: 'quote' | 'invoice';
  prefix: 'quote_prefix' | 'invoice_prefix';
  next: 'next_quote_number' | 'next_invoice_number';
  placeholder: string;
}

const NUMBERING: Numbering[] = [
  { noun: 'quote', prefix: 'quote_prefix', next: 'next_quote_number', placeholder: 'QUO-' },
  { noun: 'invoice', prefix: 'invoice_prefix', next: 'next_invoice_number', placeholder: 'INV-' },
];

function NumberingFields({
  kind,
  form,
  errors,
  lowest,
  set,
}: {
  kind: Numbering;
  form: Form;
  errors: Errors;
  /** The stored next number: the form cannot go below it. */
  lowest: number;
  set: <K extends keyof Form>(field: K, value: Form[K]) => void;
}) {
  const title = kind.noun === 'quote' ? 'Quote' : 'Invoice';
  return (
    <>
      <TextInput
        label={`${title} prefix`}
        placeholder={kind.placeholder}
        value={form[kind.prefix]}
        onChange={(e) => set(kind.prefix, e.currentTarget.value)}
        error={errors[kind.prefix]}
        data-testid={`documents-${kind.noun}-prefix`}
      />
      <NumberInput
        label={`Next ${kind.noun} number`}
        description={nextDescription(
          form[kind.prefix],
          form[kind.next],
          `documents-next-${kind.noun}-preview`,
        )}
        min={lowest}
        max={MAX_NUMBER}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        value={form[kind.next]}
        onChange={(v) => set(kind.next, v)}
        error={errors[kind.next]}
        data-testid={`documents-next-${kind.noun}`}
      />
    </>
  );
}

function DocumentSettingsForm({ settings }: { settings: DocumentSettings }) {
  const update = useUpdateDocumentSettings();
  // The last saved values: what "unchanged" compares with and what numbers cannot go below.
  const [stored, setStored] = useState(settings);
  const [form, setForm] = useState(() => toForm(settings));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const dirty = !sameForm(form, toForm(stored));
  // The counters move whenever a quote is created or an invoice issued. Untouched, the form
  // shows the new numbers; while it is being edited, the numbers the user left alone follow
  // the counters when saving (see `submit`).
  const [seen, setSeen] = useState(settings);
  if (settings !== seen) {
    setSeen(settings);
    if (!dirty) {
      setStored(settings);
      setForm(toForm(settings));
    }
  }

  const set = <K extends keyof Form>(field: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const untouched = (field: 'next_quote_number' | 'next_invoice_number') =>
      Number(form[field]) === stored[field] ? settings[field] : form[field];
    const effective: Form = {
      ...form,
      next_quote_number: untouched('next_quote_number'),
      next_invoice_number: untouched('next_invoice_number'),
    };
    const found = validate(effective, settings);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    try {
      const saved = await update.mutateAsync({
        payment_terms_days: Number(form.payment_terms_days),
        quote_prefix: form.quote_prefix.trim(),
        invoice_prefix: form.invoice_prefix.trim(),
        next_quote_number: Number(effective.next_quote_number),
        next_invoice_number: Number(effective.next_invoice_number),
        quote_notes: blankToNull(form.quote_notes),
        invoice_notes: blankToNull(form.invoice_notes),
        paper_size: form.paper_size,
        email_subject: form.email_subject.trim(),
        email_body: form.email_body,
      });
      setStored(saved);
      setForm(toForm(saved));
      notifications.show({ color: 'green', message: 'Document settings saved.' });
    } catch (e) {
      const error = toApiError(e);
      if (error.field && error.field in form) {
        setErrors((prev) => ({ ...prev, [error.field as string]: error.message }));
      } else setFormError(error.message);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="documents-form">
      <Stack gap="lg" maw={760}>
        {formError && (
          <Alert color="red" variant="light" data-testid="documents-form-error">
            {formError}
          </Alert>
        )}
        <Section title="Payment terms">
          <NumberInput
            label="Payment terms"
            description="New invoices and converted quotes are due this many days after their issue date."
            suffix=" days"
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            maw={240}
            value={form.payment_terms_days}
            onChange={(v) => set('payment_terms_days', v)}
            error={errors.payment_terms_days}
            data-testid="documents-payment-terms"
          />
        </Section>
        <Section title="Numbering">
          <Text fz="sm" c="dimmed">
            Each quote gets its number when it is created, each invoice when it is issued. Next
            numbers can only go up, so no number is ever given twice.
          </Text>
          <SimpleGrid cols={2} spacing="md">
            {NUMBERING.map((kind) => (
              <NumberingFields
                key={kind.noun}
                kind={kind}
                form={form}
                errors={errors}
                lowest={settings[kind.next]}
                set={set}
              />
            ))}
          </SimpleGrid>
        </Section>
        <Section title="Default notes">
          <Textarea
            label="Notes on new quotes"
            autosize
            minRows={2}
            maxRows={8}
            value={form.quote_notes}
            onChange={(e) => set('quote_notes', e.currentTarget.value)}
            error={errors.quote_notes}
            data-testid="documents-quote-notes"
          />
          <Textarea
            label="Notes on new invoices"
            autosize
            minRows={2}
            maxRows={8}
            value={form.invoice_notes}
            onChange={(e) => set('invoice_notes', e.currentTarget.value)}
            error={errors.invoice_notes}
            data-testid="documents-invoice-notes"
          />
        </Section>
        <Section title="Printing">
          <Input.Wrapper
            label="Paper size"
            description="For PDFs and printed documents"
            error={errors.paper_size}
          >
            <div>
              <SegmentedControl
                mt={4}
                value={form.paper_size}
                onChange={(v) => set('paper_size', v as PaperSize)}
                data={[
                  { value: 'a4', label: 'A4' },
                  { value: 'letter', label: 'US Letter' },
                ]}
                data-testid="documents-paper-size"
              />
            </div>
          </Input.Wrapper>
        </Section>
        <Section title="E-mail">
          <Text fz="sm" c="dimmed">
            The message Quotla prepares when you send a quote or invoice. These placeholders are
            filled in for each document:
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" data-testid="placeholders">
            <Table.Tbody>
              {PLACEHOLDERS.map(([placeholder, meaning]) => (
                <Table.Tr key={placeholder}>
                  <Table.Td w={120}>
                    <Code>{placeholder}</Code>
                  </Table.Td>
                  <Table.Td c="dimmed">{meaning}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <TextInput
            label="Subject"
            required
            value={form.email_subject}
            onChange={(e) => set('email_subject', e.currentTarget.value)}
            error={errors.email_subject}
            data-testid="documents-email-subject"
          />
          <Textarea
            label="Message"
            required
            autosize
            minRows={4}
            maxRows={12}
            value={form.email_body}
            onChange={(e) => set('email_body', e.currentTarget.value)}
            error={errors.email_body}
            data-testid="documents-email-body"
          />
        </Section>
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={update.isPending}
            disabled={!dirty}
            data-testid="documents-save"
          >
            Save document settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
