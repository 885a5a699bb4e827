import { Badge, Button, Paper, Text, Title, Tooltip } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useCalendly } from '../../api/calendly';
import { meetingFilter, useMeetings } from '../../api/meetings';
import type { MeetingFilter } from '../../bindings';
import { formatDay } from '../../format/dates';
import { nextUpcoming } from '../../format/meetings';
import { calendlyActive } from './calendlyAccess';
import { MeetingList, MeetingsQueryState } from './MeetingList';
import { ScheduleMeetingModal, type ScheduleTarget } from './ScheduleMeetingModal';

/** "Schedule meeting" for a client, quote or invoice; absent while Calendly is off. */
export function ScheduleButton({
  target,
  label,
  tip,
  disabled,
  testId = 'schedule-button',
}: {
  target: ScheduleTarget;
  label: string;
  tip?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const calendly = useCalendly();
  const [opened, setOpened] = useState(false);
  if (!calendlyActive(calendly.data)) return null;
  const button = (
    <Button
      variant="default"
      leftSection={<IconCalendarPlus size={16} />}
      onClick={() => setOpened(true)}
      disabled={disabled}
      data-testid={testId}
    >
      {label}
    </Button>
  );
  return (
    <>
      {tip ? (
        <Tooltip label={tip} multiline w={260} withArrow>
          {button}
        </Tooltip>
      ) : (
        button
      )}
      <ScheduleMeetingModal opened={opened} onClose={() => setOpened(false)} target={target} />
    </>
  );
}

/**
 * The meetings of a quote or invoice, and whether they may show: only while
 * Calendly is switched on in Quotla, and when it is connected or meetings are stored (they
 * stay readable after a disconnect). Nothing is fetched while it is switched off.
 */
function useDocumentMeetings(filter: Partial<MeetingFilter>) {
  const calendly = useCalendly();
  const enabled = calendly.data?.enabled === true;
  const query = useMeetings(meetingFilter(filter), enabled);
  const all = query.data ?? [];
  return { query, all, visible: enabled && (calendlyActive(calendly.data) || all.length > 0) };
}

/** "Meeting scheduled · day": the next meeting of a quote or invoice, where meetings show. */
export function MeetingBadge({ filter }: { filter: Partial<MeetingFilter> }) {
  const { all, visible } = useDocumentMeetings(filter);
  const next = nextUpcoming(all);
  if (!visible || !next) return null;
  return (
    <Badge variant="light" color="indigo" data-testid="meeting-badge">
      Meeting scheduled · {formatDay(next.start_time)}
    </Badge>
  );
}

/** The meetings of a quote or invoice, newest first, as a card (see `useDocumentMeetings`). */
export function MeetingsPanel({
  filter,
  title,
  testId = 'meetings-panel',
}: {
  filter: Partial<MeetingFilter>;
  title: string;
  testId?: string;
}) {
  const { query: meetings, all, visible } = useDocumentMeetings(filter);
  if (!visible) return null;
  // Moved-away halves are part of a meeting's story, not meetings of their own.
  const shown = all
    .filter((m) => !m.rescheduled)
    .sort((a, b) => b.start_time.localeCompare(a.start_time));
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      <Title order={5} mb="sm">
        {title}
      </Title>
      {meetings.isPending || meetings.isError ? (
        <MeetingsQueryState query={meetings} />
      ) : (
        <MeetingList
          meetings={shown}
          showWho={false}
          empty={
            <Text fz="sm" c="dimmed" data-testid={`${testId}-empty`}>
              No meetings yet.
            </Text>
          }
        />
      )}
    </Paper>
  );
}
