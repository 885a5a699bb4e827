import { Select, type ComboboxItem } from '@mantine/core';
import { useMemo } from 'react';
import { useInvoiceMatches } from '../../api/invoices';
import { useQuoteMatches } from '../../api/quotes';
import { MATCHES, useBackendSearch } from '../backendSearch';
import { documentOptions } from './documentChoice';

/**
 * Picks which of a client's quotes or invoices a meeting is about (a `documentChoice` value).
 * The backend searches the client's documents as one types, so a client of many years costs
 * no more than one of a week; the chosen document stays named whatever the current matches.
 */
export function DocumentSelect({
  clientId,
  value,
  onChange,
  keyBy,
  none,
  openOnly,
  initial,
  label,
  description,
  testId,
}: {
  /** Whose documents; the select is disabled until a client is chosen. */
  clientId: number | null;
  value: string;
  onChange: (value: string) => void;
  /** Whether a value names the document by id or by number. */
  keyBy: 'id' | 'number';
  /** The label of "none": the meeting is about the client alone. */
  none: string;
  openOnly: boolean;
  /** The option the form started with, which may be on no page of matches. */
  initial?: ComboboxItem | null;
  label: string;
  description?: string;
  testId: string;
}) {
  const search = useBackendSearch();
  const filter = { client_id: clientId, status: null, search: search.query };
  const quotes = useQuoteMatches(filter, MATCHES, clientId !== null);
  const invoices = useInvoiceMatches(filter, MATCHES, clientId !== null);
  const options = useMemo(
    () =>
      clientId === null
        ? []
        : documentOptions(
            { quotes: quotes.data?.rows ?? [], invoices: invoices.data?.rows ?? [] },
            { clientId, key: keyBy, openOnly },
          ),
    [clientId, quotes.data, invoices.data, keyBy, openOnly],
  );

  const noneOption = { value: 'none', label: none };
  const listed = options.find((o) => o.value === value);
  const selected =
    value === 'none'
      ? noneOption
      : (listed ?? [search.picked, initial].find((o) => o?.value === value));
  // While searching, only matches show; otherwise "none" and the chosen document lead, so the
  // box can name the choice.
  const data = search.searching
    ? options
    : [noneOption, ...(selected && value !== 'none' && !listed ? [selected] : []), ...options];
  const loading = clientId !== null && (quotes.isPending || invoices.isPending);

  return (
    <Select
      label={label}
      description={description}
      {...search.selectProps(selected ?? undefined)}
      data={data}
      value={value}
      onChange={(next, option) => {
        search.pick(next, option);
        onChange(next ?? 'none');
      }}
      allowDeselect={false}
      disabled={clientId === null}
      error={
        quotes.isError || invoices.isError ? 'Quotes and invoices could not be loaded' : undefined
      }
      nothingFoundMessage={loading ? 'Loading quotes and invoices…' : 'No quote or invoice matches'}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
