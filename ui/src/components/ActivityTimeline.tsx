import { Anchor, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import {
  IconCash,
  IconCheck,
  IconFilePlus,
  IconArrowsExchange,
  IconSend,
  IconUserPlus,
  IconX,
  IconBan,
  IconCalendarCheck,
  IconCalendarTime,
  IconCalendarX,
  IconUserOff,
  IconUserEdit,
  IconArchive,
  IconRestore,
  IconFilePencil,
  IconFileCheck,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Activity, ActivityKind } from '../bindings';
import { formatDateTime, formatRelative } from '../format/dates';
import { useOpenMeeting } from './meetings/meetingRoute';

const KINDS: Record<ActivityKind, { icon: ReactNode; color: string; text: string }> = {
  client_created: { icon: <IconUserPlus size={14} />, color: 'indigo', text: 'Client added' },
  client_updated: {
    icon: <IconUserEdit size={14} />,
    color: 'indigo',
    text: 'Client details updated',
  },
  client_archived: { icon: <IconArchive size={14} />, color: 'gray', text: 'Client archived' },
  client_restored: { icon: <IconRestore size={14} />, color: 'indigo', text: 'Client restored' },
  quote_created: { icon: <IconFilePlus size={14} />, color: 'gray', text: 'Quote created' },
  quote_revised: {
    icon: <IconFilePencil size={14} />,
    color: 'gray',
    text: 'Revised quote created',
  },
  quote_sent: { icon: <IconSend size={14} />, color: 'blue', text: 'Quote sent' },
  quote_accepted: { icon: <IconCheck size={14} />, color: 'teal', text: 'Quote accepted' },
  quote_declined: { icon: <IconX size={14} />, color: 'red', text: 'Quote declined' },
  quote_converted: {
    icon: <IconArrowsExchange size={14} />,
    color: 'violet',
    text: 'Quote converted to invoice',
  },
  invoice_created: { icon: <IconFilePlus size={14} />, color: 'gray', text: 'Invoice created' },
  invoice_issued: { icon: <IconFileCheck size={14} />, color: 'indigo', text: 'Invoice issued' },
  invoice_sent: { icon: <IconSend size={14} />, color: 'blue', text: 'Invoice sent to the client' },
  invoice_paid: { icon: <IconCash size={14} />, color: 'green', text: 'Invoice paid' },
  invoice_voided: { icon: <IconBan size={14} />, color: 'dark', text: 'Invoice voided' },
  meeting_booked: {
    icon: <IconCalendarCheck size={14} />,
    color: 'cyan',
    text: 'Meeting booked',
  },
  meeting_rescheduled: {
    icon: <IconCalendarTime size={14} />,
    color: 'cyan',
    text: 'Meeting moved',
  },
  meeting_canceled: { icon: <IconCalendarX size={14} />, color: 'red', text: 'Meeting canceled' },
  meeting_no_show: { icon: <IconUserOff size={14} />, color: 'orange', text: 'Did not attend' },
};

/** When the meeting an entry is about takes place. */
function MeetingTime({ entry }: { entry: Activity }) {
  const openMeeting = useOpenMeeting();
  if (!entry.meeting_start_time) return null;
  const uri = entry.meeting_invitee_uri;
  return uri ? (
    <Anchor
      component="button"
      fz="sm"
      c="dimmed"
      onClick={() => openMeeting(uri)}
      data-testid="timeline-meeting-time"
    >
      {formatDateTime(entry.meeting_start_time)}
    </Anchor>
  ) : (
    <Text fz="sm" c="dimmed" data-testid="timeline-meeting-time">
      {formatDateTime(entry.meeting_start_time)}
    </Text>
  );
}

function DocumentLinks({ entry }: { entry: Activity }) {
  const links: ReactNode[] = [];
  if (entry.quote_id !== null) {
    links.push(
      <Anchor key="q" component={Link} to={`/quotes/${entry.quote_id}`} fz="sm">
        {entry.quote_number ?? 'Quote'}
      </Anchor>,
    );
  }
  if (entry.invoice_id !== null) {
    links.push(
      <Anchor key="i" component={Link} to={`/invoices/${entry.invoice_id}`} fz="sm">
        {entry.invoice_number ?? 'Draft invoice'}
      </Anchor>,
    );
  }
  if (links.length === 0) return null;
  return (
    <Text fz="sm" c="dimmed">
      {links.reduce<ReactNode[]>((acc, link, i) => (i ? [...acc, ' → ', link] : [link]), [])}
    </Text>
  );
}

/** A client's history, newest first, each entry linking to its quote or invoice. */
export function ActivityTimeline({ entries }: { entries: Activity[] }) {
  if (entries.length === 0) {
    return (
      <Text c="dimmed" fz="sm" data-testid="timeline-empty">
        Nothing has happened yet. Quotes, invoices and meetings for this client will show up here.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={26} lineWidth={2} data-testid="timeline">
      {entries.map((entry) => {
        const kind = KINDS[entry.kind] ?? KINDS.client_created;
        return (
          <Timeline.Item
            key={entry.id}
            data-testid="timeline-entry"
            data-kind={entry.kind}
            bullet={
              <ThemeIcon size={26} radius="xl" color={kind.color} variant="light">
                {kind.icon}
              </ThemeIcon>
            }
            title={
              <Text fz="sm" fw={600}>
                {kind.text}
              </Text>
            }
          >
            <MeetingTime entry={entry} />
            <DocumentLinks entry={entry} />
            <Tooltip label={formatDateTime(entry.occurred_at)} openDelay={400}>
              <Text fz="xs" c="dimmed" mt={2} w="fit-content">
                {formatRelative(entry.occurred_at)}
              </Text>
            </Tooltip>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
