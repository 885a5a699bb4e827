import { Anchor, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Meeting } from '../../bindings';
import { formatDay, formatTime } from '../../format/dates';
import { meetingPhase, meetingTitle, meetingWho, safeHttpsUrl } from '../../format/meetings';
import { useOpenMeeting } from './meetingRoute';
import { OneLine } from '../OneLine';
import { MeetingPhaseBadge } from './MeetingPhaseBadge';

/** A compact list of meetings; a row opens the meeting's detail. */
export function MeetingList({
  meetings,
  empty,
  showWho = true,
  testId = 'meeting-list',
}: {
  meetings: Meeting[];
  empty: ReactNode;
  showWho?: boolean;
  testId?: string;
}) {
  const openMeeting = useOpenMeeting();
  if (meetings.length === 0) return <>{empty}</>;
  return (
    <Stack gap={4} data-testid={testId}>
      {meetings.map((m) => {
        const phase = meetingPhase(m);
        return (
          <UnstyledButton
            key={m.invitee_uri}
            onClick={() => openMeeting(m.invitee_uri)}
            className="meeting-row"
            data-testid="meeting-row"
            data-phase={phase}
          >
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600} truncate="end" data-testid="meeting-row-when">
                  {formatDay(m.start_time)} · {formatTime(m.start_time)}
                </Text>
                <OneLine
                  fz="xs"
                  c="dimmed"
                  text={[
                    meetingTitle(m),
                    showWho ? meetingWho(m) : null,
                    m.quote_number ? `Quote ${m.quote_number}` : null,
                    m.invoice_number ? `Invoice ${m.invoice_number}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </Stack>
              <Group gap={6} wrap="nowrap">
                {phase === 'upcoming' && safeHttpsUrl(m.join_url) && (
                  <IconVideo
                    size={16}
                    aria-label="Has a join link"
                    color="var(--mantine-color-dimmed)"
                  />
                )}
                {phase !== 'upcoming' && <MeetingPhaseBadge phase={phase} size="sm" />}
              </Group>
            </Group>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}

/** What a meetings card shows before its list: loading, or the failure with a retry. */
export function MeetingsQueryState({
  query,
}: {
  query: { isPending: boolean; refetch: () => unknown };
}) {
  if (query.isPending) {
    return (
      <Text fz="sm" c="dimmed">
        Loading meetings…
      </Text>
    );
  }
  return (
    <Group gap="xs">
      <Text fz="sm" c="red">
        Meetings could not be loaded.
      </Text>
      <Anchor component="button" fz="sm" onClick={() => void query.refetch()}>
        Try again
      </Anchor>
    </Group>
  );
}
