import { Text } from '@mantine/core';
import { IconFileDollar } from '@tabler/icons-react';
import { useInvoices } from '../../api/invoices';
import type { InvoiceStatus, InvoiceSummary } from '../../bindings';
import { Money } from '../../components/Money';
import { OneLine } from '../../components/OneLine';
import { DocumentListPage } from '../../components/DocumentListPage';
import { StatusBadge } from '../../components/StatusBadge';
import type { Column } from '../../components/VirtualList';
import { formatDate } from '../../format/dates';

const STATUSES: InvoiceStatus[] = ['draft', 'issued', 'sent', 'overdue', 'paid', 'void'];

const COLUMNS: Column<InvoiceSummary>[] = [
  {
    key: 'number',
    header: 'Number',
    width: '92px',
    render: (i) => (
      <OneLine text={i.number ?? 'Draft'} fw={600} c={i.number ? undefined : 'dimmed'} />
    ),
  },
  {
    key: 'client',
    header: 'Client',
    width: 'minmax(140px, 1fr)',
    render: (i) => <OneLine text={i.client_name} />,
  },
  {
    key: 'status',
    header: 'Status',
    width: '92px',
    render: (i) => <StatusBadge status={i.status} testId="invoice-row-status" />,
  },
  {
    key: 'issued',
    header: 'Issued',
    width: '100px',
    render: (i) => (
      <Text fz="sm" c="dimmed">
        {formatDate(i.issue_date)}
      </Text>
    ),
  },
  {
    key: 'due',
    header: 'Due',
    width: '100px',
    render: (i) => (
      <Text
        fz="sm"
        c={i.status === 'overdue' ? 'red.7' : 'dimmed'}
        fw={i.status === 'overdue' ? 600 : undefined}
      >
        {formatDate(i.due_date)}
      </Text>
    ),
  },
  {
    key: 'total',
    header: 'Total',
    width: '112px',
    align: 'right',
    render: (i) => <Money amount={i.total_minor} currency={i.currency} fz="sm" fw={600} />,
  },
];

export function InvoicesPage() {
  return (
    <DocumentListPage
      noun="invoice"
      icon={<IconFileDollar size={28} />}
      statuses={STATUSES}
      useRows={useInvoices}
      columns={COLUMNS}
      rowLabel={(i) => `${i.number ?? 'Draft invoice'}, ${i.client_name}`}
      emptyDescription="Write an invoice directly, or convert an accepted quote into one."
    />
  );
}
