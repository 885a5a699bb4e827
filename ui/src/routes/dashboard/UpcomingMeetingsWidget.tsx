import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { meetingFilter, useFirstMeetings } from '../../api/meetings';
import { MeetingList, MeetingsQueryState } from '../../components/meetings/MeetingList';
import { ScheduleMeetingModal } from '../../components/meetings/ScheduleMeetingModal';
import { GROUP_LABEL, upcomingGroupDays, upcomingSorted } from '../../format/meetings';
import { formatCount } from '../../format/numbers';

/** Meetings listed per group; the rest are counted, and the calendar shows them. */
const PER_GROUP = 5;

/**
 * The dashboard's upcoming meetings, Today / Tomorrow / Later, with "Schedule new". Each group
 * reads only its first few meetings and the count of the rest, however many are booked.
 */
export function UpcomingMeetingsWidget() {
  const [scheduling, setScheduling] = useState(false);
  const days = upcomingGroupDays();
  const pages = useFirstMeetings(
    // Only meetings not yet over, so a busy morning's finished ones neither fill a group's
    // five rows nor count among its "+N more".
    days.map(({ from, to }) => meetingFilter({ status: 'scheduled', from, to, upcoming: true })),
    PER_GROUP,
  );
  const state = {
    isPending: pages.some((p) => p.isPending),
    isError: pages.some((p) => p.isError),
    refetch: () => pages.forEach((p) => void p.refetch()),
  };
  const groups = days
    .map(({ group }, i) => {
      const page = pages[i].data;
      // Core read only meetings not yet over; one may have ended since the page was read.
      const shown = upcomingSorted(page?.rows ?? []);
      const more = (page?.total ?? 0) - (page?.rows.length ?? 0);
      return { group, shown, more };
    })
    .filter(({ shown, more }) => shown.length > 0 || more > 0);

  return (
    <Paper withBorder p="lg" h="100%" data-testid="upcoming-meetings">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Upcoming meetings</Title>
        <Anchor component={Link} to="/meetings" fz="sm">
          Calendar
        </Anchor>
      </Group>
      {state.isPending || state.isError ? (
        <MeetingsQueryState query={state} />
      ) : groups.length === 0 ? (
        <Text fz="sm" c="dimmed" py="sm" data-testid="upcoming-meetings-empty">
          Nothing booked yet. Send a client a booking link and the meeting shows up here.
        </Text>
      ) : (
        <Stack gap="sm">
          {groups.map(({ group, shown, more }) => (
            <Stack key={group} gap={4} data-testid={`upcoming-${group}`}>
              <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
                {GROUP_LABEL[group]}
              </Text>
              <MeetingList meetings={shown} empty={null} />
              {more > 0 && (
                <Anchor
                  component={Link}
                  to="/meetings"
                  fz="sm"
                  data-testid={`upcoming-more-${group}`}
                >
                  +{formatCount(more)} more
                </Anchor>
              )}
            </Stack>
          ))}
        </Stack>
      )}
      <Button
        mt="md"
        variant="light"
        leftSection={<IconCalendarPlus size={16} />}
        onClick={() => setScheduling(true)}
        data-testid="dashboard-schedule"
      >
        Schedule new meeting
      </Button>
      <ScheduleMeetingModal opened={scheduling} onClose={() => setScheduling(false)} />
    </Paper>
  );
}
