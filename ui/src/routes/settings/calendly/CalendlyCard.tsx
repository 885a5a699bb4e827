import {
  Accordion,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarEvent, IconExternalLink } from '@tabler/icons-react';
import {
  useCalendly,
  useCancelConnectCalendly,
  useConnectCalendly,
  useDisconnectCalendly,
  useSetCalendlyEnabled,
} from '../../../api/calendly';
import { errorMessage } from '../../../api/errors';
import { ErrorState, ListSkeleton } from '../../../components/States';
import { countOf } from '../../../format/numbers';
import { AdvancedSettings } from './AdvancedSettings';
import { ConnectedAccount } from './ConnectedAccount';
import { STATE_LABEL } from './labels';

const PITCH =
  'Send a client a single-use booking link from a quote or invoice, and see their bookings, reschedules, cancellations and no-shows on the client’s timeline and your dashboard.';

/** The Calendly card of Settings → Integrations, in every connection state. */
export function CalendlyCard() {
  const calendly = useCalendly();
  const connect = useConnectCalendly();
  const cancel = useCancelConnectCalendly();
  const disconnect = useDisconnectCalendly();
  const setEnabled = useSetCalendlyEnabled();

  if (calendly.isPending) return <ListSkeleton rows={3} />;
  if (calendly.isError)
    return <ErrorState error={calendly.error} onRetry={() => void calendly.refetch()} />;
  const view = calendly.data;
  const state = STATE_LABEL[view.state];

  const confirmDisconnect = () => {
    // The modal's content is rendered once; the checkbox writes its choice here.
    const choice = { deleteMeetings: false };
    const meetings = view.sync.meetings;
    modals.openConfirmModal({
      title: 'Disconnect Calendly?',
      children: (
        <Stack gap="sm">
          <Text fz="sm">
            Quotla stops receiving bookings, takes back its access at Calendly and forgets its
            sign-in on this computer. Your clients, quotes and invoices are not touched.
          </Text>
          {meetings > 0 && (
            <Checkbox
              label={`Also delete the ${countOf(meetings, 'meeting', 'meetings')} synced from this account`}
              description="Unticked, they stay on client timelines and in the calendar."
              onChange={(e) => {
                choice.deleteMeetings = e.currentTarget.checked;
              }}
              data-testid="calendly-disconnect-delete-meetings"
            />
          )}
        </Stack>
      ),
      labels: { confirm: 'Disconnect', cancel: 'Keep connected' },
      confirmProps: { color: 'red', 'data-testid': 'calendly-disconnect-confirm' },
      onConfirm: () =>
        disconnect.mutate(choice.deleteMeetings, {
          onSuccess: (outcome) =>
            notifications.show({
              color: 'teal',
              title: 'Calendly disconnected',
              message: outcome.hint ?? 'Quotla’s access was revoked at Calendly.',
              autoClose: false,
            }),
        }),
    });
  };

  const connectButton = (label: string) => (
    <Button
      leftSection={<IconExternalLink size={16} />}
      loading={connect.isPending}
      disabled={!view.configured}
      onClick={() => connect.mutate()}
      data-testid="calendly-connect"
    >
      {label}
    </Button>
  );

  return (
    <Paper withBorder p="lg" data-testid="integration-calendly">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={40} radius="md" variant="light" color="blue">
              <IconCalendarEvent size={22} />
            </ThemeIcon>
            <div>
              <Title order={5}>Calendly</Title>
              <Text fz="xs" c="dimmed">
                Optional — Quotla works fully without it
              </Text>
            </div>
          </Group>
          {view.enabled && (
            <Badge
              color={state.color}
              variant="light"
              data-testid="calendly-status"
              data-status={view.state}
            >
              {state.label}
            </Badge>
          )}
        </Group>

        {!view.enabled ? (
          <Text fz="sm" c="dimmed" data-testid="calendly-disabled">
            The Calendly integration is turned off: no Calendly buttons or meetings are shown in
            Quotla. Turn it on below to use it.
          </Text>
        ) : (
          <>
            {view.state !== 'connected' && <Text fz="sm">{PITCH}</Text>}

            {!view.configured && (
              <Alert
                variant="light"
                color="gray"
                title="How to enable Calendly"
                data-testid="calendly-not-configured"
              >
                {view.keyring === null
                  ? 'This computer has no system keyring to keep the Calendly sign-in safe, so Calendly cannot be connected here.'
                  : 'This build of Quotla has no Calendly app configured. Enter your Calendly OAuth app’s client id under Advanced below (or start Quotla with QUOTLA_CALENDLY_CLIENT_ID set).'}
              </Alert>
            )}

            {view.state === 'reconnect_needed' && (
              <Alert
                variant="light"
                color="orange"
                icon={<IconAlertTriangle size={18} />}
                title="Calendly needs to be reconnected"
              >
                Calendly no longer accepts Quotla’s sign-in (it was revoked, expired or lost when
                this computer restarted). Your meetings and documents are kept.
              </Alert>
            )}

            {view.state === 'connecting' && (
              <Alert
                variant="light"
                color="blue"
                icon={<Loader size={16} />}
                data-testid="calendly-connecting"
              >
                Finish signing in to Calendly in your browser; Quotla continues as soon as you
                approve. Closed the browser? Cancel and start again.
              </Alert>
            )}

            {(view.state === 'connected' || view.state === 'reconnect_needed') && view.account && (
              <ConnectedAccount view={view} />
            )}

            {connect.error && (
              <Text fz="sm" c="red" data-testid="calendly-connect-error">
                {errorMessage(connect.error)}
              </Text>
            )}

            <Group gap="sm">
              {view.state === 'not_connected' && connectButton('Connect Calendly account')}
              {view.state === 'reconnect_needed' && connectButton('Reconnect Calendly')}
              {view.state === 'connecting' && (
                <>
                  {connectButton('Open Calendly again')}
                  <Button
                    variant="default"
                    onClick={() => cancel.mutate()}
                    data-testid="calendly-cancel-connect"
                  >
                    Cancel
                  </Button>
                </>
              )}
              {(view.state === 'connected' || view.state === 'reconnect_needed') && (
                <Button
                  variant="default"
                  color="red"
                  loading={disconnect.isPending}
                  onClick={confirmDisconnect}
                  data-testid="calendly-disconnect"
                >
                  Disconnect
                </Button>
              )}
            </Group>
            {disconnect.error && (
              <Text fz="sm" c="red">
                {errorMessage(disconnect.error)}
              </Text>
            )}
          </>
        )}

        <Accordion variant="separated" chevronPosition="left">
          <Accordion.Item value="options">
            <Accordion.Control data-testid="calendly-options">
              Options and advanced settings
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="md">
                <Switch
                  label="Use Calendly in Quotla"
                  description="Off hides every Calendly element in the app."
                  checked={view.enabled}
                  disabled={setEnabled.isPending}
                  onChange={(e) => setEnabled.mutate(e.currentTarget.checked)}
                  data-testid="calendly-enabled"
                />
                <AdvancedSettings settings={view.settings} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    </Paper>
  );
}
