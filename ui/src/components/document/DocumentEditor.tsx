import {
  Alert,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCalendar } from '@tabler/icons-react';
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { toApiError } from '../../api/errors';
import { useComputedTotals } from '../../api/totals';
import { todayIsoDate } from '../../format/dates';
import { currencyExponent, currencySymbol } from '../../format/money';
import { ClientSelect } from '../ClientSelect';
import { ConflictAlert } from '../ConflictAlert';
import { CurrencySelect } from '../CurrencySelect';
import { LineItemsEditor, type LinesChange } from './LineItemsEditor';
import { TotalsPanel } from './TotalsPanel';
import {
  totalsInput,
  totalsProblem,
  typedErrors,
  withDefaults,
  type DiscountKind,
  type DocumentDraft,
  type EditedFields,
  type FieldErrors,
} from './draft';

type Built<I> = { input: I; errors: FieldErrors } | { input: null; errors: FieldErrors };

export interface DocumentEditorProps<I> {
  kind: 'quote' | 'invoice';
  initial: DocumentDraft;
  /** The stored version being edited; null while creating. */
  version: number | null;
  build: (draft: DocumentDraft, exponent: number) => Built<I>;
  onSave: (input: I, expectedVersion: number) => Promise<void>;
  /** Loads the stored document again (after a conflict). */
  reload?: () => Promise<{ draft: DocumentDraft; version: number }>;
  onCancel: () => void;
  submitLabel: string;
  defaultTaxRateMilli: number;
  /** New documents: the notes to start with, until the user edits them. */
  defaultNotes?: string;
  /** New invoices: days from issue to due date, followed until the user picks a due date. */
  paymentTermsDays?: number;
}

/** `errors` without the keys an edit made obsolete ('all': every line's, as lines moved). */
function withoutKeys(errors: FieldErrors, clear: string[] | 'all'): FieldErrors {
  if (clear === 'all') {
    return Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('items')));
  }
  if (!clear.some((key) => key in errors)) return errors;
  const next = { ...errors };
  for (const key of clear) delete next[key];
  return next;
}

/** Whether the input `field` names is marked as wrong (`items` is the whole document's). */
function isHighlighted(field: string, errors: FieldErrors): boolean {
  return field in errors && (field === 'discount' || field.startsWith('items['));
}

/** How long typing must pause before the totals are asked for again. */
export const TOTALS_DEBOUNCE_MS = 250;

export function DocumentEditor<I>({
  kind,
  initial,
  version: initialVersion,
  build,
  onSave,
  reload,
  onCancel,
  submitLabel,
  defaultTaxRateMilli,
  defaultNotes,
  paymentTermsDays,
}: DocumentEditorProps<I>) {
  const [typed, setDraft] = useState(initial);
  const [edited, setEdited] = useState<EditedFields>({ notes: false, dueDate: false });
  const draft = useMemo(
    () => withDefaults(typed, { notes: defaultNotes, paymentTermsDays }, edited),
    [typed, defaultNotes, paymentTermsDays, edited],
  );
  const [version, setVersion] = useState(initialVersion);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const what = kind === 'quote' ? 'quote' : 'invoice';

  const { currency, lines, discountKind, discountValue } = draft;
  const exponent = currencyExponent(currency);
  // Only the numbers are parsed again when they change, not on every keystroke in the notes.
  const numbers = useMemo(
    () => totalsInput({ currency, lines, discountKind, discountValue }, exponent),
    [currency, lines, discountKind, discountValue, exponent],
  );
  const totalsJson = JSON.stringify(numbers.input);
  const [debouncedJson] = useDebouncedValue(totalsJson, TOTALS_DEBOUNCE_MS);
  const totalsRequest = useMemo(() => JSON.parse(debouncedJson), [debouncedJson]);
  const totals = useComputedTotals(totalsRequest);
  const totalsError = totals.isError ? toApiError(totals.error) : null;
  // Core's objection to the numbers, on the input it names.
  const totalsFieldError: FieldErrors = totalsError
    ? {
        [totalsError.field?.startsWith('discount') ? 'discount' : (totalsError.field ?? 'totals')]:
          totalsError.message,
      }
    : {};
  const submitErrors = useMemo(
    () => (submitted ? build(draft, exponent).errors : {}),
    [submitted, build, draft, exponent],
  );

  const errors: FieldErrors = {
    ...totalsFieldError,
    ...typedErrors(draft, numbers.errors),
    ...submitErrors,
    ...serverErrors,
  };
  const problem =
    numbers.input === null
      ? totalsProblem(numbers.errors)
      : totalsError
        ? totalsProblem(totalsFieldError)
        : null;
  const today = todayIsoDate();
  const validUntilPassed =
    kind === 'quote' && draft.validUntil !== null && draft.validUntil < today;

  const change = (patch: Partial<DocumentDraft>, clear: string[] | 'all' = []) => {
    setDraft((d) => ({ ...d, ...patch }));
    if ('notes' in patch || 'dueDate' in patch) {
      setEdited((e) => ({
        notes: e.notes || 'notes' in patch,
        dueDate: e.dueDate || 'dueDate' in patch,
      }));
    }
    setServerErrors((prev) => withoutKeys(prev, clear));
  };
  const changeLines = useCallback<LinesChange>((update, clear) => {
    setDraft((d) => ({ ...d, lines: update(d.lines) }));
    setServerErrors((prev) => withoutKeys(prev, clear));
  }, []);

  const save = async (expectedVersion: number) => {
    setSubmitted(true);
    setFormError(null);
    const built = build(draft, exponent);
    if (built.input === null) return;
    setBusy(true);
    try {
      await onSave(built.input, expectedVersion);
      setConflict(false);
    } catch (e) {
      const error = toApiError(e);
      if (error.isConflict) setConflict(true);
      else if (error.field && error.field !== 'items') {
        const key = error.field.startsWith('discount') ? 'discount' : error.field;
        setServerErrors({ [key]: error.message });
      } else setFormError(error.message);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(version ?? 0);
  };

  const doReload = async () => {
    if (!reload) return;
    setBusy(true);
    try {
      const latest = await reload();
      setDraft(latest.draft);
      setVersion(latest.version);
      setConflict(false);
      setServerErrors({});
    } catch (e) {
      setFormError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const overwrite = async () => {
    if (!reload) return;
    try {
      const latest = await reload();
      setVersion(latest.version);
      await save(latest.version);
    } catch (e) {
      setFormError(toApiError(e).message);
    }
  };

  const dateProps = {
    leftSection: <IconCalendar size={16} />,
    popoverProps: { withinPortal: true },
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid={`${kind}-editor`}>
      <Stack gap="lg">
        {conflict && (
          <ConflictAlert what={what} onReload={doReload} onOverwrite={overwrite} busy={busy} />
        )}
        {formError && (
          <Alert
            color="red"
            variant="light"
            title={`The ${what} was not saved`}
            data-testid="form-error"
          >
            {formError}
          </Alert>
        )}
        <Paper withBorder p="lg">
          <Grid gutter="md">
            <Grid.Col span={kind === 'quote' ? 6 : 4}>
              <ClientSelect
                value={draft.clientId}
                onChange={(clientId) => change({ clientId }, ['client_id'])}
                error={errors.client_id}
              />
            </Grid.Col>
            <Grid.Col span={2}>
              <CurrencySelect
                value={draft.currency}
                onChange={(currency) => change({ currency }, ['currency', 'discount'])}
                error={errors.currency}
              />
            </Grid.Col>
            {kind === 'quote' ? (
              <Grid.Col span={4}>
                <DatePickerInput
                  label="Valid until"
                  placeholder="No expiry"
                  clearable
                  value={draft.validUntil}
                  onChange={(validUntil) => change({ validUntil }, ['valid_until'])}
                  error={errors.valid_until}
                  description={
                    validUntilPassed
                      ? "This date has passed: the quote can't be sent until you pick a later date."
                      : undefined
                  }
                  descriptionProps={{ c: 'orange.8', 'data-testid': 'valid-until-passed' }}
                  inputWrapperOrder={['label', 'input', 'error', 'description']}
                  data-testid="valid-until"
                  {...dateProps}
                />
              </Grid.Col>
            ) : (
              <>
                <Grid.Col span={3}>
                  <DatePickerInput
                    label="Issue date"
                    required
                    value={draft.issueDate}
                    onChange={(issueDate) => change({ issueDate }, ['issue_date'])}
                    error={errors.issue_date}
                    data-testid="issue-date"
                    {...dateProps}
                  />
                </Grid.Col>
                <Grid.Col span={3}>
                  <DatePickerInput
                    label="Due date"
                    required
                    value={draft.dueDate}
                    onChange={(dueDate) => change({ dueDate }, ['due_date'])}
                    error={errors.due_date}
                    minDate={draft.issueDate ?? undefined}
                    data-testid="due-date"
                    {...dateProps}
                  />
                </Grid.Col>
              </>
            )}
          </Grid>
        </Paper>

        <Paper withBorder p="lg">
          <Title order={5} mb="sm">
            Line items
          </Title>
          <LineItemsEditor
            lines={draft.lines}
            onLinesChange={changeLines}
            currency={draft.currency}
            errors={errors}
            lineTotals={totalsRequest !== null && !totals.isError ? totals.data?.lines : undefined}
            defaultTaxRateMilli={defaultTaxRateMilli}
          />
        </Paper>

        <Grid gutter="lg" align="stretch">
          <Grid.Col span={7}>
            <Paper withBorder p="lg" h="100%">
              <Stack gap="md">
                <div>
                  <Text fz="sm" fw={500} mb={6}>
                    Discount
                  </Text>
                  <Group gap="sm" align="flex-start" wrap="nowrap">
                    <SegmentedControl
                      value={draft.discountKind}
                      onChange={(value) =>
                        change({ discountKind: value as DiscountKind, discountValue: '' }, [
                          'discount',
                        ])
                      }
                      data={[
                        { value: 'none', label: 'None' },
                        { value: 'percent', label: 'Percent' },
                        { value: 'amount', label: 'Amount' },
                      ]}
                      data-testid="discount-kind"
                    />
                    {draft.discountKind !== 'none' && (
                      <TextInput
                        className="number-input"
                        aria-label={
                          draft.discountKind === 'percent' ? 'Discount percent' : 'Discount amount'
                        }
                        inputMode="decimal"
                        w={150}
                        value={draft.discountValue}
                        onChange={(e) =>
                          change({ discountValue: e.currentTarget.value }, ['discount'])
                        }
                        error={Boolean(errors.discount)}
                        rightSection={
                          <Text fz="sm" c="dimmed">
                            {draft.discountKind === 'percent'
                              ? '%'
                              : currencySymbol(draft.currency)}
                          </Text>
                        }
                        data-testid="discount-value"
                      />
                    )}
                  </Group>
                  {errors.discount && (
                    <Text c="red" fz="xs" mt={4} data-testid="discount-error">
                      {errors.discount}
                    </Text>
                  )}
                </div>
                <Textarea
                  label="Notes"
                  description={`Shown on the ${what}: payment terms, thanks, anything the client should know.`}
                  autosize
                  minRows={3}
                  maxRows={8}
                  value={draft.notes}
                  onChange={(e) => change({ notes: e.currentTarget.value }, ['notes'])}
                  error={errors.notes}
                  data-testid="notes"
                />
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={5}>
            <Paper withBorder p="lg" h="100%" bg="slate.0">
              <TotalsPanel
                totals={totals.data}
                currency={draft.currency}
                updating={totals.isFetching || totalsJson !== debouncedJson}
                outdated={
                  problem
                    ? { reason: problem.text, highlighted: isHighlighted(problem.field, errors) }
                    : undefined
                }
              />
            </Paper>
          </Grid.Col>
        </Grid>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-testid="editor-cancel">
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="editor-save">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
