import { Badge, Button, Group, Paper, Text, Title, Tooltip } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useCalendly } from '../../api/calendly';
import { meetingFilter, useMeetings } from '../../api/meetings';
import type { Meeting, MeetingFilter } from '../../bindings';
import { formatDay } from '../../format/dates';
import { upcomingSorted } from '../../format/meetings';
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

export function MeetingBadge({ meeting }: { meeting: Meeting | undefined }) {
  if (!meeting) return null;
  return (
    <Badge variant="light" color="indigo" data-testid="meeting-badge">
      Meeting scheduled · {formatDay(meeting.start_time)}
    </Badge>
  );
}

/**
 * The meetings of a client, quote or invoice. Shown only when there are meetings or
 * Calendly is active; stored meetings stay readable after a disconnect.
 */
export function MeetingsPanel({
  filter,
  title,
  upcomingOnly = false,
  showWho = false,
  testId = 'meetings-panel',
}: {
  filter: Partial<MeetingFilter>;
  title: string;
  upcomingOnly?: boolean;
  showWho?: boolean;
  testId?: string;
}) {
  const calendly = useCalendly();
  const meetings = useMeetings(meetingFilter(filter));
  const all = meetings.data ?? [];
  // Newest first for the history of a document; moved-away halves are part of a story.
  const shown = upcomingOnly
    ? upcomingSorted(all)
    : all.filter((m) => !m.rescheduled).sort((a, b) => b.start_time.localeCompare(a.start_time));
  if (!calendly.data?.enabled) return null;
  if (!calendlyActive(calendly.data) && all.length === 0) return null;
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={5}>{title}</Title>
      </Group>
      {meetings.isPending || meetings.isError ? (
        <MeetingsQueryState query={meetings} />
      ) : (
        <MeetingList
          meetings={shown}
          showWho={showWho}
          empty={
            <Text fz="sm" c="dimmed" data-testid={`${testId}-empty`}>
              {upcomingOnly ? 'No upcoming meetings.' : 'No meetings yet.'}
            </Text>
          }
        />
      )}
    </Paper>
  );
}
