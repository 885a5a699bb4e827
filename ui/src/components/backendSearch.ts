import type { ComboboxItem, OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

/** Matches a picker shows at a time; typing narrows them on the backend. */
export const MATCHES = 50;
const SEARCH_DEBOUNCE_MS = 150;

/** The backend already matched: filtering the labels again would drop its matches. */
const keepBackendMatches: OptionsFilter = ({ options }) => options;

/**
 * What a searchable select whose matches come from the backend keeps between keystrokes: the
 * typed text (read once typing pauses) and the option last picked, whose label stays in the
 * box whatever the current matches are.
 */
export function useBackendSearch() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [picked, setPicked] = useState<ComboboxItem | null>(null);
  return {
    /** The search to ask the backend for; `null` for everything. */
    query: debounced || null,
    /** Text is typed in the box (the matches alone should show). */
    searching: search !== '',
    picked,
    /** Remembers a choice from `Select.onChange`. */
    pick: (value: string | null, option: ComboboxItem) => setPicked(value === null ? null : option),
    /** The Select's search props, given the option that names the current value. */
    selectProps: (selected: ComboboxItem | undefined) => ({
      searchable: true,
      filter: keepBackendMatches,
      // Mantine writes the chosen option's label into the box; that is not a search.
      onSearchChange: (text: string) => setSearch(text === selected?.label ? '' : text.trim()),
    }),
  };
}
