import { Select, type ComboboxItem } from '@mantine/core';
import { useMemo } from 'react';
import { useClient, useClientMatches } from '../api/clients';
import { MATCHES, useBackendSearch } from './backendSearch';

function optionOf(client: { id: number; name: string; company: string | null }): ComboboxItem {
  return {
    value: String(client.id),
    label: client.company ? `${client.name} · ${client.company}` : client.name,
  };
}

/**
 * Picks an active client; the backend searches as one types, so ten thousand clients cost no
 * more than fifty. The chosen client's name stays in the box whatever the current matches.
 */
export function ClientSelect({
  value,
  onChange,
  error,
  disabled,
  required = true,
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  disabled?: boolean;
  /** Filters take "any client": then the choice may be cleared. */
  required?: boolean;
}) {
  const search = useBackendSearch();
  const matches = useClientMatches({ search: search.query, include_archived: false }, MATCHES);
  const options = useMemo(() => (matches.data?.rows ?? []).map(optionOf), [matches.data]);

  const listed = options.find((o) => o.value === value);
  const known = listed ?? (search.picked?.value === value ? search.picked : undefined);
  // A client chosen before (an existing quote's) may be neither listed nor picked here.
  const detail = useClient(value !== null && !known && !matches.isPending ? Number(value) : null);
  const selected = known ?? (detail.data ? optionOf(detail.data.client) : undefined);

  // While searching, only matches show; otherwise the chosen client is among the options so
  // the box can name it.
  const data = selected && !listed && !search.searching ? [selected, ...options] : options;

  return (
    <Select
      label="Client"
      placeholder={
        matches.isPending ? 'Loading clients…' : required ? 'Choose a client' : 'Any client'
      }
      required={required}
      clearable={!required}
      {...search.selectProps(selected)}
      data={data}
      value={value}
      onChange={(next, option) => {
        search.pick(next, option);
        onChange(next);
      }}
      error={error ?? (matches.isError ? 'Clients could not be loaded' : undefined)}
      disabled={disabled}
      nothingFoundMessage={matches.isPending ? 'Loading clients…' : 'No client matches'}
      data-testid="client-select"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
