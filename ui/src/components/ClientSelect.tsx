import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useClients } from '../api/clients';

const ALL_ACTIVE = { search: null, include_archived: false };

/** Picks an active client; searchable, showing at most 50 matches at a time. */
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
  const clients = useClients(ALL_ACTIVE);
  const data = useMemo(
    () =>
      (clients.data ?? []).map((c) => ({
        value: String(c.id),
        label: c.company ? `${c.name} · ${c.company}` : c.name,
      })),
    [clients.data],
  );
  return (
    <Select
      label="Client"
      placeholder={
        clients.isPending ? 'Loading clients…' : required ? 'Choose a client' : 'Any client'
      }
      required={required}
      clearable={!required}
      searchable
      limit={50}
      data={data}
      value={value}
      onChange={onChange}
      error={error ?? (clients.isError ? 'Clients could not be loaded' : undefined)}
      disabled={disabled}
      nothingFoundMessage="No client matches"
      data-testid="client-select"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
