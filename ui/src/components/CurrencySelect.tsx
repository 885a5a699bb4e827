import { Group, Select, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo } from 'react';
import { useCurrencies } from '../api/settings';

/**
 * Picks an ISO currency. The field shows the code (it has to fit narrow columns); the list
 * shows code and name, and searching matches either.
 */
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
  const names = useMemo(
    () => new Map((currencies.data ?? []).map((c) => [c.code, c.name])),
    [currencies.data],
  );
  const data = useMemo(
    () => (currencies.data ?? []).map((c) => ({ value: c.code, label: c.code })),
    [currencies.data],
  );
  const filter: OptionsFilter = ({ options, search }) => {
    const q = search.trim().toLowerCase();
    return (options as ComboboxItem[]).filter(
      (o) =>
        o.value.toLowerCase().includes(q) || (names.get(o.value) ?? '').toLowerCase().includes(q),
    );
  };
  return (
    <Select
      label={label}
      required
      searchable
      data={data.length ? data : value ? [value] : []}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      filter={filter}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          <Text fz="sm" fw={600}>
            {option.value}
          </Text>
          <Text fz="sm" c="dimmed" truncate>
            {names.get(option.value)}
          </Text>
        </Group>
      )}
      comboboxProps={{ width: 260, position: 'bottom-start' }}
      error={error ?? (currencies.isError ? 'Currencies could not be loaded' : undefined)}
      nothingFoundMessage="No currency matches"
      data-testid={testId}
    />
  );
}
