import { Paper, Title } from '@mantine/core';
import { useClientActivity } from '../../api/clients';
import type { Activity, Page } from '../../bindings';
import { ActivityTimeline } from '../../components/ActivityTimeline';
import { ShowMore } from '../../components/ShowMore';

/**
 * A client's timeline, newest first. The client's page brings the latest entries; years of
 * history are read on, page by page, when the user asks for earlier ones.
 */
export function ClientTimeline({ clientId, first }: { clientId: number; first: Page<Activity> }) {
  const activity = useClientActivity(clientId, first);
  return (
    <Paper withBorder p="lg" mt="lg">
      <Title order={5} mb="md">
        Activity
      </Title>
      <ActivityTimeline entries={activity.rows} />
      <ShowMore list={activity} label="Show earlier" testId="client-activity-more" />
    </Paper>
  );
}
