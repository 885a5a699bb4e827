import { Badge } from '@mantine/core';
import type { InvoiceStatus, QuoteStatus } from '../bindings';
import { statusLabel } from './statusLabels';

const COLORS: Record<QuoteStatus | InvoiceStatus, string> = {
  draft: 'gray',
  issued: 'indigo',
  sent: 'blue',
  accepted: 'teal',
  declined: 'red',
  expired: 'orange',
  paid: 'green',
  overdue: 'red',
  void: 'dark',
};

export function StatusBadge({
  status,
  testId,
  size = 'md',
}: {
  status: QuoteStatus | InvoiceStatus;
  testId?: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge
      color={COLORS[status]}
      size={size}
      variant={status === 'void' ? 'outline' : 'light'}
      data-testid={testId}
      data-status={status}
      // A status is short: show it whole rather than letting a narrow column cut it off.
      styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}
    >
      {statusLabel(status)}
    </Badge>
  );
}
