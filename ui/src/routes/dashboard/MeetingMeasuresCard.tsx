import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMeetingMeasures } from '../../api/meetings';
import type { MeetingMeasures } from '../../bindings';
import { userLocale } from '../../format/locale';

function percent(part: number, whole: number): string {
  if (whole === 0) return '—';
  return new Intl.NumberFormat(userLocale(), { style: 'percent' }).format(part / whole);
}

function Measure({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text fz={24} fw={700} lh={1.2}>
        {value}
      </Text>
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** What meetings do for the business, counted on this computer only. */
export function MeetingMeasuresCard() {
  const measures = useMeetingMeasures();
  const m: MeetingMeasures | undefined = measures.data;
  return (
    <Paper withBorder p="lg" h="100%" data-testid="meeting-measures">
      <Title order={5} mb="md">
        Meetings and quotes
      </Title>
      {measures.isError ? (
        <Group gap="xs">
          <Text fz="sm" c="red">
            Could not be counted.
          </Text>
          <Anchor component="button" fz="sm" onClick={() => void measures.refetch()}>
            Try again
          </Anchor>
        </Group>
      ) : (
        <SimpleGrid cols={2} spacing="md">
          <Measure
            value={m ? String(m.booked_this_month) : '…'}
            label="meetings this month"
            testId="measure-booked"
          />
          <Measure
            value={m ? percent(m.sent_quotes_with_meeting, m.sent_quotes) : '…'}
            label="of sent quotes had a follow-up meeting"
            testId="measure-followup"
          />
          <Measure
            value={m ? percent(m.accepted_with_meeting, m.decided_with_meeting) : '…'}
            label="accepted, with a meeting"
            testId="measure-accepted-with"
          />
          <Measure
            value={m ? percent(m.accepted_without_meeting, m.decided_without_meeting) : '…'}
            label="accepted, without one"
            testId="measure-accepted-without"
          />
        </SimpleGrid>
      )}
      <Text fz="xs" c="dimmed" mt="md">
        Counted on this computer; nothing is sent anywhere.
      </Text>
    </Paper>
  );
}
