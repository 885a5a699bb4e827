import { Group, Select, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo, useState, type FocusEvent } from 'react';
import { useCurrencies } from '../api/settings';

/**
 * Picks an ISO currency. The field shows the code (it has to fit narrow columns); the list
 * shows code and name, and searching matches either.
 *
 * With `onUnknown`, text the user leaves in the field is not dropped: a code or name typed
 * in full is picked, anything else stays in the field and is reported (`null` once a
 * currency is picked again), so the form can refuse to save it.
 */
export function CurrencySelect({
  value,
  onChange,
  onUnknown,
  error,
  label = 'Currency',
  testId = 'currency-select',
}: {
  value: string | null;
  onChange: (value: string) => void;
  onUnknown?: (typed: string | null) => void;
  error?: string;
  label?: string;
  testId?: string;
}) {
  const currencies = useCurrencies();
  const [search, setSearch] = useState(value ?? '');
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

  // Runs after Select has put the chosen code back into the field, so keeping the typed
  // text here wins over that.
  const checkTyped = (event: FocusEvent<HTMLInputElement>) => {
    if (!onUnknown || !currencies.data) return;
    const typed = event.currentTarget.value.trim();
    const q = typed.toLowerCase();
    const match = currencies.data.find(
      (c) => c.code.toLowerCase() === q || c.name.toLowerCase() === q,
    );
    if (typed === '' || match) {
      if (match && match.code !== value) onChange(match.code);
      onUnknown(null);
      return;
    }
    setSearch(typed);
    onUnknown(typed);
  };

  return (
    <Select
      label={label}
      required
      searchable
      data={data.length ? data : value ? [value] : []}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchValue={search}
      onSearchChange={setSearch}
      onOptionSubmit={(code) => {
        // Picking the code already chosen changes no value, so Select leaves the search.
        setSearch(code);
        onUnknown?.(null);
      }}
      onBlur={checkTyped}
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
