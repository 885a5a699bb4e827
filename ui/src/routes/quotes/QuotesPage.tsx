import { Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useQuotes } from '../../api/quotes';
import type { QuoteStatus, QuoteSummary } from '../../bindings';
import { Money } from '../../components/Money';
import { OneLine } from '../../components/OneLine';
import { DocumentListPage } from '../../components/DocumentListPage';
import { StatusBadge } from '../../components/StatusBadge';
import type { Column } from '../../components/VirtualList';
import { formatDate } from '../../format/dates';

const STATUSES: QuoteStatus[] = ['draft', 'sent', 'accepted', 'declined', 'expired'];

const COLUMNS: Column<QuoteSummary>[] = [
  {
    key: 'number',
    header: 'Number',
    width: '96px',
    render: (q) => <OneLine text={q.number} fw={600} />,
  },
  {
    key: 'client',
    header: 'Client',
    width: 'minmax(140px, 1fr)',
    render: (q) => <OneLine text={q.client_name} />,
  },
  {
    key: 'status',
    header: 'Status',
    width: '96px',
    render: (q) => <StatusBadge status={q.status} testId="quote-row-status" />,
  },
  {
    key: 'valid',
    header: 'Valid until',
    width: '112px',
    render: (q) => (
      <Text fz="sm" c="dimmed">
        {formatDate(q.valid_until)}
      </Text>
    ),
  },
  {
    key: 'total',
    header: 'Total',
    width: '128px',
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
