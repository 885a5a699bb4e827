import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCheck,
  IconLock,
  IconRefresh,
  IconTool,
  IconX,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CalendlyView } from '../../../bindings';
import {
  useDeleteEarlierMeetings,
  useRefreshEventTypes,
  useSetDefaultEventType,
  useSetMeetingNotifications,
  useSyncNow,
  useSyncProgress,
} from '../../../api/calendly';
import { errorMessage } from '../../../api/errors';
import { confirmAction } from '../../../components/confirm';
import { defaultEventTypeState } from '../../../components/meetings/calendlyAccess';
import { useDashboardWidget } from '../../../components/meetings/preferences';
import { formatDateTime } from '../../../format/dates';
import { countOf, formatCount } from '../../../format/numbers';
import { SYNC_LABEL } from './labels';
import { SyncLog } from './SyncLog';

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Stack>
  );
}

/** The last path segment of a Calendly URI: what Calendly shows as the organization id. */
function shortUri(uri: string | null): string {
  if (!uri) return '—';
  return uri.split('/').filter(Boolean).pop() ?? uri;
}

/** Account facts, the default event type, how meetings sync and what works now. */
export function ConnectedAccount({ view }: { view: CalendlyView }) {
  const account = view.account!;
  const refresh = useRefreshEventTypes();
  const setDefault = useSetDefaultEventType();
  const syncNow = useSyncNow();
  const deleteEarlier = useDeleteEarlierMeetings();
  const earlier = view.sync.earlier_account_meetings;
  const sync = SYNC_LABEL[view.sync.mode];
  const [widget, setWidget] = useDashboardWidget();
  const setNotifications = useSetMeetingNotifications();
  // Deleted or deactivated on Calendly since it was chosen: links need another one.
  const defaultState = defaultEventTypeState(view);
  const failed = (title: string) => (e: unknown) =>
    notifications.show({ color: 'red', title, message: errorMessage(e) });
  const runSync = (title: string) => syncNow.mutate(undefined, { onError: failed(title) });
  const progress = useSyncProgress();
  const eventTypes = view.event_types.map((t) => ({
    value: t.uri,
    label: t.duration_minutes ? `${t.name} (${t.duration_minutes} min)` : t.name,
  }));

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <Fact label="Account" value={account.email ?? '—'} testId="calendly-account-email" />
        <Fact label="Name" value={account.name ?? '—'} testId="calendly-account-name" />
        <Tooltip label={account.organization_uri ?? ''} disabled={!account.organization_uri}>
          <div>
            <Fact
              label="Organization"
              value={shortUri(account.organization_uri)}
              testId="calendly-account-organization"
            />
          </div>
        </Tooltip>
      </SimpleGrid>

      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select
          flex={1}
          label="Default event type for booking links"
          placeholder={eventTypes.length ? 'Choose an event type' : 'No event types found'}
          data={eventTypes}
          value={account.default_event_type_uri}
          onChange={(uri) => setDefault.mutate(uri)}
          disabled={setDefault.isPending || eventTypes.length === 0}
          error={setDefault.error ? errorMessage(setDefault.error) : undefined}
          allowDeselect={false}
          data-testid="calendly-default-event-type"
        />
        <Tooltip label="Fetch event types from Calendly again">
          <ActionIcon
            size={36}
            variant="default"
            aria-label="Refresh event types"
            loading={refresh.isPending}
            onClick={() => refresh.mutate()}
            data-testid="calendly-refresh-event-types"
          >
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {defaultState !== 'ok' && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          data-testid="calendly-default-gone"
        >
          {defaultState === 'gone'
            ? 'Your default event type is no longer available in Calendly (deleted or switched off).'
            : 'No default event type is chosen.'}{' '}
          Choose one above for new booking links.
        </Alert>
      )}
      {refresh.error && (
        <Text fz="sm" c="red" data-testid="calendly-refresh-error">
          {errorMessage(refresh.error)}
        </Text>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Stack gap={4}>
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            Meetings
          </Text>
          <Group gap="xs">
            <Badge color={sync.color} variant="light" data-testid="calendly-sync-status">
              {sync.label}
            </Badge>
            <Tooltip label="Check Calendly now">
              <ActionIcon
                size="sm"
                variant="subtle"
                aria-label="Sync meetings now"
                loading={syncNow.isPending}
                onClick={() => runSync('Could not sync')}
                data-testid="calendly-sync-now"
              >
                <IconRefresh size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <Text fz="xs" c="dimmed" data-testid="calendly-sync-summary">
            {view.sync.summary}
          </Text>
          {progress && (
            <Stack gap={2} data-testid="calendly-sync-progress">
              <Progress
                size="sm"
                value={(100 * progress.events_fetched) / progress.events_to_fetch}
                aria-label="Fetching meetings from Calendly"
              />
              <Text fz="xs" c="dimmed">
                Fetching meetings: {formatCount(progress.events_fetched)} of{' '}
                {countOf(progress.events_to_fetch, 'event', 'events')}
              </Text>
            </Stack>
          )}
          <Text fz="xs" c="dimmed" data-testid="calendly-sync-meetings">
            {countOf(view.sync.meetings, 'meeting', 'meetings')} on this computer
            {view.sync.last_sync ? ` · updated ${formatDateTime(view.sync.last_sync)}` : ''}
          </Text>
          <Group gap="sm">
            <Anchor component={Link} to="/meetings" fz="xs" data-testid="calendly-view-meetings">
              View scheduled meetings
            </Anchor>
            {view.sync.mode === 'needs_attention' && (
              <Button
                size="compact-xs"
                variant="light"
                color="orange"
                leftSection={<IconTool size={12} />}
                loading={syncNow.isPending}
                onClick={() => runSync('Could not repair')}
                data-testid="calendly-repair"
              >
                Repair
              </Button>
            )}
          </Group>
        </Stack>
        <Fact
          label="Event types fetched"
          value={
            account.event_types_fetched_at
              ? formatDateTime(account.event_types_fetched_at)
              : 'Not yet'
          }
          testId="calendly-event-types-fetched"
        />
      </SimpleGrid>

      <Stack gap={4}>
        <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
          What Quotla may do
        </Text>
        <List spacing={4} size="sm" data-testid="calendly-features">
          {view.features.map((f) => (
            <List.Item
              key={f.feature}
              icon={
                <ThemeIcon
                  size={18}
                  radius="xl"
                  color={f.available ? 'teal' : 'gray'}
                  variant="light"
                >
                  {f.available ? <IconCheck size={12} /> : <IconX size={12} />}
                </ThemeIcon>
              }
            >
              <Text fz="sm" span c={f.available ? undefined : 'dimmed'}>
                {f.feature}
              </Text>
              {f.reason && (
                <Text fz="xs" c="dimmed">
                  {f.reason}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </Stack>

      <Switch
        label="Desktop notifications for new, moved and canceled meetings"
        checked={view.notifications}
        disabled={setNotifications.isPending}
        onChange={(e) =>
          setNotifications.mutate(e.currentTarget.checked, {
            onError: failed('Notifications were not changed'),
          })
        }
        data-testid="calendly-notifications"
      />
      <Switch
        label="Show upcoming meetings on the dashboard"
        checked={widget}
        onChange={(e) => setWidget(e.currentTarget.checked)}
        data-testid="calendly-dashboard-widget"
      />

      <SyncLog />

      {earlier > 0 && (
        <Alert variant="light" color="blue" data-testid="calendly-earlier-meetings">
          <Stack gap="xs">
            <Text fz="sm">
              {countOf(earlier, 'meeting', 'meetings')} from a Calendly account you connected before{' '}
              {earlier === 1 ? 'is' : 'are'} kept apart from this account’s.
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                color="red"
                loading={deleteEarlier.isPending}
                onClick={async () => {
                  const sure = await confirmAction({
                    title: 'Delete the earlier account’s meetings?',
                    message: `${countOf(earlier, 'meeting', 'meetings')} synced from the Calendly account you connected before will be deleted from this computer. Calendly keeps them.`,
                    confirmLabel: 'Delete',
                    danger: true,
                  });
                  if (sure) deleteEarlier.mutate();
                }}
                data-testid="calendly-delete-earlier-meetings"
              >
                Delete them
              </Button>
            </Group>
            {deleteEarlier.error && (
              <Text fz="xs" c="red">
                {errorMessage(deleteEarlier.error)}
              </Text>
            )}
          </Stack>
        </Alert>
      )}

      {view.keyring && !view.keyring.survives_reboot && (
        <Alert variant="light" color="gray" icon={<IconLock size={18} />}>
          This computer has no desktop keyring, so Quotla keeps the Calendly sign-in in the kernel
          keyring, which forgets it when the computer restarts. You will be asked to reconnect then;
          your meetings and documents stay.
        </Alert>
      )}
    </Stack>
  );
}
