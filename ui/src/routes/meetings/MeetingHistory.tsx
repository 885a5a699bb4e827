import { Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCalendarOff } from '@tabler/icons-react';
import { useState } from 'react';
import { meetingFilter, useMeetingPage } from '../../api/meetings';
import type { MeetingStatus } from '../../bindings';
import { ClickableRow } from '../../components/ClickableRow';
import { ClientSelect } from '../../components/ClientSelect';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/States';
import { MeetingPhaseBadge } from '../../components/meetings/MeetingPhaseBadge';
import { useOpenMeeting } from '../../components/meetings/meetingRoute';
import { formatDay, formatTime } from '../../format/dates';
import { meetingPhase, meetingTitle, meetingWho } from '../../format/meetings';
import { formatCount } from '../../format/numbers';
import { blankToNull } from '../../format/text';

/** Every stored meeting, newest first, with filters, a page at a time; readable offline. */
export function MeetingHistory() {
  const [status, setStatus] = useState<MeetingStatus | null>(null);
  const [client, setClient] = useState<string | null>(null);
  const [document, setDocument] = useState('');
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  // Numbers are QUO-… and INV-…; typed in any case, looked up once typing pauses.
  const [doc] = useDebouncedValue(document.trim().toUpperCase(), 300);
  const filter = meetingFilter({
    status,
    client_id: client ? Number(client) : null,
    quote_number: doc.startsWith('Q') ? doc : null,
    invoice_number: doc && !doc.startsWith('Q') ? doc : null,
    from: range[0],
    to: range[1],
  });
  const meetings = useMeetingPage(filter, true);
  const openMeeting = useOpenMeeting();

  return (
    <Paper withBorder p="md" data-testid="meeting-history">
      <Group align="flex-end" mb="md" gap="sm">
        <Select
          label="Status"
          data={[
            { value: 'scheduled', label: 'Scheduled' },
            { value: 'canceled', label: 'Canceled or moved' },
          ]}
          placeholder="Any"
          clearable
          value={status}
          onChange={(v) => setStatus(v as MeetingStatus | null)}
          w={170}
          data-testid="history-status"
        />
        <div style={{ width: 220 }}>
          <ClientSelect value={client} onChange={setClient} required={false} />
        </div>
        <TextInput
          label="Quote or invoice number"
          placeholder="QUO-0001 or INV-0001"
          value={document}
          onChange={(e) => setDocument(e.currentTarget.value)}
          w={180}
          data-testid="history-document"
        />
        <DatePickerInput
          type="range"
          label="Dates"
          placeholder="Any time"
          clearable
          value={range}
          // Mantine hands over calendar days as "YYYY-MM-DD", the form core takes.
          onChange={(value) => setRange([value[0] ?? null, value[1] ?? null])}
          w={240}
          data-testid="history-dates"
        />
      </Group>
      {meetings.isPending ? (
        <ListSkeleton rows={5} />
      ) : meetings.isError ? (
        <ErrorState error={meetings.error} onRetry={meetings.refetch} />
      ) : meetings.total === 0 ? (
        <EmptyState
          icon={<IconCalendarOff size={28} />}
          title="No meetings match"
          description={
            blankToNull(document) || status || client || range[0]
              ? 'Try fewer filters.'
              : 'Meetings booked through Calendly appear here.'
          }
          testId="history-empty"
        />
      ) : (
        <>
          <Table highlightOnHover verticalSpacing="xs" data-testid="history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Meeting</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {meetings.rows.map((m) => {
                const phase = meetingPhase(m);
                return (
                  <ClickableRow
                    key={m.invitee_uri}
                    onOpen={() => openMeeting(m.invitee_uri)}
                    label={`${meetingWho(m)}, ${formatDay(m.start_time)}`}
                    testId="history-row"
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text fz="sm">{formatDay(m.start_time)}</Text>
                      <Text fz="xs" c="dimmed">
                        {formatTime(m.start_time)} – {formatTime(m.end_time)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {/* Clamped, not truncated: a table cell widens to fit unbroken text. */}
                      <Text fz="sm" lineClamp={1} title={meetingWho(m)}>
                        {meetingWho(m)}
                      </Text>
                      <Text fz="xs" c="dimmed" lineClamp={1} title={meetingTitle(m)}>
                        {meetingTitle(m)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {m.quote_number
                          ? `Quote ${m.quote_number}`
                          : m.invoice_number
                            ? `Invoice ${m.invoice_number}`
                            : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <MeetingPhaseBadge phase={phase} />
                    </Table.Td>
                  </ClickableRow>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="sm">
            <Text fz="sm" c="dimmed" data-testid="history-count">
              Showing {formatCount(meetings.rows.length)} of {formatCount(meetings.total)}
            </Text>
            {meetings.hasNextPage && (
              <Button
                variant="default"
                size="xs"
                loading={meetings.isFetchingNextPage}
                onClick={meetings.fetchNextPage}
                data-testid="history-more"
              >
                Show older meetings
              </Button>
            )}
          </Group>
        </>
      )}
    </Paper>
  );
}
