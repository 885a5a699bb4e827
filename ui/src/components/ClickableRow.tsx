import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

/** Where a row leads: a screen, or an action (such as opening a drawer over this one). */
type Target = { to: string } | { onOpen: () => void };

/** A table row that opens something on click, or on Enter when it has the focus. */
export function ClickableRow({
  label,
  testId,
  children,
  ...target
}: Target & { label: string; testId: string; children: ReactNode }) {
  const navigate = useNavigate();
  const open = 'onOpen' in target ? target.onOpen : () => void navigate(target.to);
  return (
    <Table.Tr
      className="list-row"
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      {children}
    </Table.Tr>
  );
}
