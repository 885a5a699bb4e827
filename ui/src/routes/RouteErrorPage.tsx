import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { Link, useRouteError } from 'react-router';
import { errorMessage } from '../api/errors';
import { Page } from '../components/Page';
import { EmptyState } from '../components/States';

/** Shown inside the app frame when a screen crashes, so navigation keeps working. */
export function RouteErrorPage() {
  const error = useRouteError();
  return (
    <Page title="Something went wrong">
      <EmptyState
        testId="route-error"
        icon={<IconBug size={28} />}
        title="This screen ran into a problem"
        description={
          <Stack gap="xs" align="center">
            <Text fz="sm" c="dimmed">
              Your data is safe. Reload the screen, or go back to the dashboard.
            </Text>
            <Code block>{errorMessage(error)}</Code>
          </Stack>
        }
        action={
          <Group gap="sm" justify="center">
            <Button onClick={() => window.location.reload()}>Reload</Button>
            <Button variant="default" component={Link} to="/">
              Dashboard
            </Button>
          </Group>
        }
      />
    </Page>
  );
}
