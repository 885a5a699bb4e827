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
import { useMemo, useState, type FormEvent } from 'react';
import { toApiError } from '../../api/errors';
import { useComputedTotals } from '../../api/totals';
import { currencyExponent, currencySymbol } from '../../format/money';
import { sentence } from '../../format/text';
import { ClientSelect } from '../ClientSelect';
import { ConflictAlert } from '../ConflictAlert';
import { CurrencySelect } from '../CurrencySelect';
import { LineItemsEditor } from './LineItemsEditor';
import { TotalsPanel } from './TotalsPanel';
import {
  totalsInput,
  type DiscountKind,
  type DocumentDraft,
  type FieldErrors,
  type LineDraft,
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
}

/** Keys of line errors whose input changed between two versions of the lines. */
function changedLineKeys(before: LineDraft[], after: LineDraft[]): string[] | 'all' {
  if (before.length !== after.length || before.some((l, i) => l.key !== after[i].key)) return 'all';
  const fields: [keyof LineDraft, string][] = [
    ['description', 'description'],
    ['quantity', 'quantity_milli'],
    ['unitPrice', 'unit_price_minor'],
    ['taxRate', 'tax_rate_milli'],
  ];
  const keys: string[] = [];
  after.forEach((line, i) => {
    for (const [prop, field] of fields) {
      if (line[prop] !== before[i][prop]) keys.push(`items[${i}].${field}`);
    }
  });
  return keys;
}

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
}: DocumentEditorProps<I>) {
  const [draft, setDraft] = useState(initial);
  const [version, setVersion] = useState(initialVersion);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const what = kind === 'quote' ? 'quote' : 'invoice';

  const exponent = currencyExponent(draft.currency);
  const totalsJson = JSON.stringify(totalsInput(draft, exponent));
  const [debouncedJson] = useDebouncedValue(totalsJson, 250);
  const totalsRequest = useMemo(() => JSON.parse(debouncedJson), [debouncedJson]);
  const totals = useComputedTotals(totalsRequest);
  const totalsError = totals.isError ? toApiError(totals.error) : null;

  const errors: FieldErrors = {
    ...(submitted ? build(draft, exponent).errors : {}),
    ...serverErrors,
  };
  if (!errors.discount && totalsError?.field?.startsWith('discount')) {
    errors.discount = sentence(totalsError.message);
  }

  const change = (patch: Partial<DocumentDraft>, clear: string[] | 'all' = []) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerErrors((prev) => {
      if (clear === 'all') {
        return Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith('items')));
      }
      const next = { ...prev };
      for (const key of clear) delete next[key];
      return next;
    });
  };

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
        setServerErrors({ [key]: sentence(error.message) });
      } else setFormError(sentence(error.message));
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
      setFormError(sentence(toApiError(e).message));
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
      setFormError(sentence(toApiError(e).message));
    }
  };

  const dateProps = {
    leftSection: <IconCalendar size={16} />,
    valueFormat: 'D MMM YYYY',
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
            onChange={(lines) => change({ lines }, changedLineKeys(draft.lines, lines))}
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
                stale={totalsRequest === null || totals.isError}
              />
              {totalsError &&
                !totalsError.field?.startsWith('discount') &&
                !totalsError.field?.startsWith('items') && (
                  <Text c="red" fz="xs" mt="xs">
                    {sentence(totalsError.message)}
                  </Text>
                )}
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
