import { Alert, Anchor } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCalendly } from '../api/calendly';

/** App-wide notice when Calendly needs reconnecting; hidden when Calendly is off. */
export function CalendlyBanner() {
  const calendly = useCalendly();
  const view = calendly.data;
  if (!view?.enabled || view.state !== 'reconnect_needed') return null;
  return (
    <Alert
      color="orange"
      variant="light"
      radius={0}
      icon={<IconAlertTriangle size={18} />}
      data-testid="calendly-reconnect-banner"
    >
      Calendly needs to be reconnected; your meetings and documents are kept.{' '}
      <Anchor component={Link} to="/settings/integrations" fz="sm" fw={600}>
        Reconnect
      </Anchor>
    </Alert>
  );
}
