import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useCurrencies } from '../api/settings';

export function CurrencySelect({
  value,
  onChange,
  error,
  label = 'Currency',
  testId = 'currency-select',
}: {
  value: string | null;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
  testId?: string;
}) {
  const currencies = useCurrencies();
  const data = useMemo(
    () => (currencies.data ?? []).map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` })),
    [currencies.data],
  );
  return (
    <Select
      label={label}
      required
      searchable
      data={data.length ? data : value ? [value] : []}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      error={error ?? (currencies.isError ? 'Currencies could not be loaded' : undefined)}
      nothingFoundMessage="No currency matches"
      data-testid={testId}
    />
  );
}
