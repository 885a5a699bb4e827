import { Badge, Group, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useCalendly } from '../api/calendly';
import { meetingFilter, useMeetings } from '../api/meetings';
import type { InvoiceSummary, MeetingFilter, QuoteSummary } from '../bindings';
import { formatDate, formatDay } from '../format/dates';
import { nextUpcoming } from '../format/meetings';
import { ClickableRow } from './ClickableRow';
import { calendlyActive } from './meetings/calendlyAccess';
import { Money } from './Money';
import { OneLine } from './OneLine';
import { StatusBadge } from './StatusBadge';

/** Column headers stay on one line, however narrow the card the table sits in. */
const HEADERS = { th: { whiteSpace: 'nowrap' } } as const;

/**
 * "Meeting · Tue, Mar 10" next to a status when a meeting about the document is coming up.
 * It looks up the document's own few meetings (as its page does), only while Calendly is active.
 */
function MeetingMark({ filter }: { filter: Partial<MeetingFilter> }) {
  const calendly = useCalendly();
  const active = calendlyActive(calendly.data);
  const meetings = useMeetings(meetingFilter(filter), active);
  const meeting = nextUpcoming(meetings.data);
  if (!active || !meeting) return null;
  return (
    <Badge size="sm" variant="dot" color="indigo" data-testid="row-meeting-badge">
      Meeting · {formatDay(meeting.start_time)}
    </Badge>
  );
}

/** A short list of quotes (client page, dashboard); the full list is virtualised. */
export function QuoteTable({
  quotes,
  showClient = true,
  compact = false,
  empty,
  meetingBadges = false,
}: {
  quotes: QuoteSummary[];
  /** Marks each quote with its next meeting. */
  meetingBadges?: boolean;
  showClient?: boolean;
  /** Leaves out the date column, for half-width cards. */
  compact?: boolean;
  empty: ReactNode;
}) {
  if (quotes.length === 0) return <>{empty}</>;
  return (
    <Table verticalSpacing="sm" highlightOnHover={false} styles={HEADERS}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Number</Table.Th>
          {showClient && <Table.Th>Client</Table.Th>}
          <Table.Th>Status</Table.Th>
          {!compact && <Table.Th>Valid until</Table.Th>}
          <Table.Th ta="right">Total</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {quotes.map((q) => (
          <ClickableRow key={q.id} to={`/quotes/${q.id}`} label={q.number} testId="quote-row">
            <Table.Td fw={600} style={{ whiteSpace: 'nowrap' }}>
              {q.number}
            </Table.Td>
            {showClient && (
              <Table.Td>
                <OneLine text={q.client_name} maw={220} />
              </Table.Td>
            )}
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <StatusBadge status={q.status} testId="quote-row-status" />
                {meetingBadges && <MeetingMark filter={{ quote_number: q.number }} />}
              </Group>
            </Table.Td>
            {!compact && (
              <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(q.valid_until)}
              </Table.Td>
            )}
            <Table.Td ta="right">
              <Money amount={q.total_minor} currency={q.currency} fw={600} />
            </Table.Td>
          </ClickableRow>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function InvoiceTable({
  invoices,
  showClient = true,
  compact = false,
  empty,
  meetingBadges = false,
}: {
  invoices: InvoiceSummary[];
  /** Marks each numbered invoice with its next meeting (a draft has no number to link). */
  meetingBadges?: boolean;
  showClient?: boolean;
  /** Leaves out the date column, for half-width cards. */
  compact?: boolean;
  empty: ReactNode;
}) {
  if (invoices.length === 0) return <>{empty}</>;
  return (
    <Table verticalSpacing="sm" styles={HEADERS}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Number</Table.Th>
          {showClient && <Table.Th>Client</Table.Th>}
          <Table.Th>Status</Table.Th>
          {!compact && <Table.Th>Due</Table.Th>}
          <Table.Th ta="right">Total</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoices.map((i) => (
          <ClickableRow
            key={i.id}
            to={`/invoices/${i.id}`}
            label={i.number ?? 'Draft invoice'}
            testId="invoice-row"
          >
            <Table.Td fw={600} c={i.number ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
              {i.number ?? 'Draft'}
            </Table.Td>
            {showClient && (
              <Table.Td>
                <OneLine text={i.client_name} maw={220} />
              </Table.Td>
            )}
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <StatusBadge status={i.status} testId="invoice-row-status" />
                {meetingBadges && i.number && <MeetingMark filter={{ invoice_number: i.number }} />}
              </Group>
            </Table.Td>
            {!compact && (
              <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(i.due_date)}
              </Table.Td>
            )}
            <Table.Td ta="right">
              <Money amount={i.total_minor} currency={i.currency} fw={600} />
            </Table.Td>
          </ClickableRow>
        ))}
      </Table.Tbody>
    </Table>
  );
}
