import { SegmentedControl } from '@mantine/core';

/** Status tabs of a document list; "all" is the empty filter. */
export function StatusFilter<S extends string>({
  value,
  onChange,
  statuses,
  testId,
}: {
  value: S | 'all';
  onChange: (value: S | 'all') => void;
  statuses: { value: S; label: string }[];
  testId: string;
}) {
  return (
    <SegmentedControl
      value={value}
      onChange={(v) => onChange(v as S | 'all')}
      data={[{ value: 'all', label: 'All' }, ...statuses]}
      data-testid={testId}
    />
  );
}
