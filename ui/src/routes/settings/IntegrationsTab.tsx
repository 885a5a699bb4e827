import {
  Anchor,
  Badge,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconBook, IconCreditCard } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ARTICLES } from '../help/articles';
import { CalendlyCard } from './calendly/CalendlyCard';

/** Stripe is announced only; it has no state of its own yet. */
function StripeCard() {
  return (
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
            data-status="coming_soon"
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
  );
}

/** The bundled user documentation of the Calendly integration. */
function HelpCard() {
  return (
    <Paper withBorder p="lg" data-testid="integration-help">
      <Group gap="sm" wrap="nowrap" mb="sm">
        <ThemeIcon size={40} radius="md" variant="light" color="teal">
          <IconBook size={22} />
        </ThemeIcon>
        <Title order={5}>Help with Calendly</Title>
      </Group>
      <Stack gap={6}>
        {ARTICLES.map((a) => (
          <Anchor key={a.slug} component={Link} to={`/help/${a.slug}`} fz="sm">
            {a.title}
          </Anchor>
        ))}
      </Stack>
    </Paper>
  );
}

export function IntegrationsTab() {
  return (
    <Stack gap="lg" maw={900}>
      <CalendlyCard />
      <SimpleGrid cols={2} spacing="lg">
        <HelpCard />
        <StripeCard />
      </SimpleGrid>
    </Stack>
  );
}
