import type { InvoiceStatus, QuoteStatus } from '../bindings';

const LABELS: Record<QuoteStatus | InvoiceStatus, string> = {
  draft: 'Draft',
  // An invoice with its number that the user has not yet confirmed sending.
  issued: 'Issued',
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
