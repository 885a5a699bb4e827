import type { InvoiceStatus, QuoteStatus } from '../bindings';

const LABELS: Record<QuoteStatus | InvoiceStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  paid: 'Paid',
  overdue: 'Overdue',
  void: 'Void',
};

export function statusLabel(status: QuoteStatus | InvoiceStatus): string {
  return LABELS[status];
}
