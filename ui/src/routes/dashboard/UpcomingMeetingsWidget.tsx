import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Meeting } from '../../bindings';
import { MeetingList, MeetingsQueryState } from '../../components/meetings/MeetingList';
import { ScheduleMeetingModal } from '../../components/meetings/ScheduleMeetingModal';
import { GROUP_LABEL, groupUpcoming } from '../../format/meetings';

/** The dashboard's upcoming meetings, Today / Tomorrow / Later, with "Schedule new". */
export function UpcomingMeetingsWidget({ meetings }: { meetings: UseQueryResult<Meeting[]> }) {
  const [scheduling, setScheduling] = useState(false);
  const groups = groupUpcoming(meetings.data ?? []);
  return (
    <Paper withBorder p="lg" h="100%" data-testid="upcoming-meetings">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Upcoming meetings</Title>
        <Anchor component={Link} to="/meetings" fz="sm">
          Calendar
        </Anchor>
      </Group>
      {meetings.isPending || meetings.isError ? (
        <MeetingsQueryState query={meetings} />
      ) : groups.length === 0 ? (
        <Text fz="sm" c="dimmed" py="sm" data-testid="upcoming-meetings-empty">
          Nothing booked yet. Send a client a booking link and the meeting shows up here.
        </Text>
      ) : (
        <Stack gap="sm">
          {groups.map(({ group, meetings: list }) => (
            <Stack key={group} gap={4} data-testid={`upcoming-${group}`}>
              <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
                {GROUP_LABEL[group]}
              </Text>
              <MeetingList meetings={list.slice(0, 5)} empty={null} />
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
