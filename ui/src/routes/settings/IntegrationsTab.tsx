import {
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCalendarEvent, IconCreditCard } from '@tabler/icons-react';
import { useIntegrations } from '../../api/settings';
import { ErrorState, ListSkeleton } from '../../components/States';

export function IntegrationsTab() {
  const integrations = useIntegrations();
  if (integrations.isPending) return <ListSkeleton rows={4} />;
  if (integrations.isError)
    return <ErrorState error={integrations.error} onRetry={() => void integrations.refetch()} />;
  const { calendly, stripe } = integrations.data;

  return (
    <SimpleGrid cols={2} spacing="lg" maw={900}>
      <Paper withBorder p="lg" data-testid="integration-calendly">
        <Stack gap="sm" h="100%">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={40} radius="md" variant="light" color="blue">
                <IconCalendarEvent size={22} />
              </ThemeIcon>
              <Title order={5}>Calendly</Title>
            </Group>
            <Badge
              color="gray"
              variant="light"
              data-testid="calendly-status"
              data-status={calendly.status}
            >
              Not connected
            </Badge>
          </Group>
          <Text fz="sm">
            Send a client a booking link from a quote or invoice, and see their bookings,
            reschedules, cancellations and no-shows on the client’s timeline and your dashboard.
          </Text>
          <Text fz="sm" c="dimmed">
            {calendly.hint || 'Connecting Calendly comes with the next release.'}
          </Text>
          <Group mt="auto">
            <Button disabled data-testid="calendly-connect">
              Connect Calendly
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="lg" data-testid="integration-stripe">
        <Stack gap="sm" h="100%">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={40} radius="md" variant="light" color="violet">
                <IconCreditCard size={22} />
              </ThemeIcon>
              <Title order={5}>Stripe</Title>
            </Group>
            <Badge
              color="violet"
              variant="light"
              data-testid="stripe-status"
              data-status={stripe.status}
            >
              Coming soon
            </Badge>
          </Group>
          <Text fz="sm">
            Let clients pay invoices online by card, and have paid invoices marked as paid
            automatically.
          </Text>
          <Text fz="sm" c="dimmed">
            Not available yet.
          </Text>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
