import { Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useQuotes } from '../../api/quotes';
import type { QuoteStatus, QuoteSummary } from '../../bindings';
import { Money } from '../../components/Money';
import { DocumentListPage } from '../../components/DocumentListPage';
import { StatusBadge } from '../../components/StatusBadge';
import type { Column } from '../../components/VirtualList';
import { formatDate } from '../../format/dates';

const STATUSES: QuoteStatus[] = ['draft', 'sent', 'accepted', 'declined', 'expired'];

const COLUMNS: Column<QuoteSummary>[] = [
  {
    key: 'number',
    header: 'Number',
    width: '110px',
    render: (q) => (
      <Text fz="sm" fw={600}>
        {q.number}
      </Text>
    ),
  },
  {
    key: 'client',
    header: 'Client',
    width: 'minmax(0, 2fr)',
    render: (q) => (
      <Text fz="sm" truncate>
        {q.client_name}
      </Text>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    width: '110px',
    render: (q) => <StatusBadge status={q.status} testId="quote-row-status" />,
  },
  {
    key: 'valid',
    header: 'Valid until',
    width: '130px',
    render: (q) => (
      <Text fz="sm" c="dimmed">
        {formatDate(q.valid_until)}
      </Text>
    ),
  },
  {
    key: 'total',
    header: 'Total',
    width: '150px',
    align: 'right',
    render: (q) => <Money amount={q.total_minor} currency={q.currency} fz="sm" fw={600} />,
  },
];

export function QuotesPage() {
  return (
    <DocumentListPage
      noun="quote"
      icon={<IconFileText size={28} />}
      statuses={STATUSES}
      useRows={useQuotes}
      columns={COLUMNS}
      rowLabel={(q) => `${q.number}, ${q.client_name}`}
      emptyDescription="Write a quote with line items, send it, and turn it into an invoice once it is accepted."
    />
  );
}
