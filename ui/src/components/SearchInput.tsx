import { CloseButton, Kbd, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useRef } from 'react';

/** The list search box; Ctrl+K or "/" jumps to it from anywhere on the page. */
export function SearchInput({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useHotkeys([
    ['mod+K', () => ref.current?.focus()],
    ['/', () => ref.current?.focus()],
  ]);
  return (
    <TextInput
      ref={ref}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && value) {
          e.preventDefault();
          onChange('');
        }
      }}
      placeholder={placeholder}
      aria-label={placeholder}
      leftSection={<IconSearch size={16} />}
      rightSectionWidth={value ? 36 : 64}
      rightSection={
        value ? (
          <CloseButton size="sm" aria-label="Clear search" onClick={() => onChange('')} />
        ) : (
          <Kbd size="xs">Ctrl K</Kbd>
        )
      }
      data-testid={testId}
      style={{ flex: 1, maxWidth: 420 }}
    />
  );
}
