import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconDots,
  IconFileDollar,
  IconFileText,
  IconMail,
  IconMapPin,
  IconPencil,
  IconPhone,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useClient, useDeleteClient, useUnarchiveClient } from '../../api/clients';
import { errorMessage } from '../../api/errors';
import { confirmAction } from '../../components/confirm';
import { ScheduleButton } from '../../components/meetings/MeetingsPanel';
import { Page } from '../../components/Page';
import { ErrorState, PageSkeleton } from '../../components/States';
import { formatInstantDate } from '../../format/dates';
import { ClientDocuments } from './ClientDocuments';
import { ClientFormModal } from './ClientFormModal';
import { ClientTimeline } from './ClientTimeline';
import { ClientUpcomingMeetings } from './ClientUpcomingMeetings';

function ContactLine({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text c="dimmed" lh={1} mt={2}>
        {icon}
      </Text>
      <Text fz="sm" style={{ whiteSpace: 'pre-line' }}>
        {children}
      </Text>
    </Group>
  );
}

export function ClientDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const detail = useClient(id);
  const remove = useDeleteClient();
  const unarchive = useUnarchiveClient();
  const [editing, setEditing] = useState(false);

  if (detail.isPending) return <PageSkeleton />;
  if (detail.isError) {
    return (
      <Page title="Client" crumbs={[{ label: 'Clients', to: '/clients' }]}>
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      </Page>
    );
  }
  const { client, activity } = detail.data;

  const confirmDelete = async () => {
    const ok = await confirmAction({
      title: `Delete ${client.name}?`,
      message: `A client without quotes or invoices is deleted for good. If ${client.name} has any, the client is archived instead, so those documents keep their client.`,
      confirmLabel: 'Delete client',
      danger: true,
    });
    if (!ok) return;
    try {
      const result = await remove.mutateAsync(client.id);
      if (result.outcome === 'archived') {
        notifications.show({
          color: 'indigo',
          title: `${client.name} was archived, not deleted`,
          message:
            'The client has quotes or invoices, which keep their client. You can unarchive it any time.',
        });
      } else {
        notifications.show({ color: 'green', message: `${client.name} was deleted.` });
        navigate('/clients', { replace: true });
      }
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(e) });
    }
  };

  const doUnarchive = async () => {
    try {
      await unarchive.mutateAsync(client.id);
      notifications.show({ color: 'green', message: `${client.name} is active again.` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not unarchive', message: errorMessage(e) });
    }
  };

  return (
    <Page
      testId="client-detail"
      crumbs={[{ label: 'Clients', to: '/clients' }]}
      title={
        <Group gap="sm">
          <span data-testid="client-title">{client.name}</span>
          {client.archived && (
            <Badge color="gray" variant="outline" data-testid="client-archived">
              Archived
            </Badge>
          )}
        </Group>
      }
      subtitle={client.company ?? `Client since ${formatInstantDate(client.created_at)}`}
      actions={
        <>
          <ScheduleButton
            target={{ clientId: client.id }}
            label="Schedule meeting"
            disabled={client.archived}
            testId="client-schedule"
          />
          <Button
            variant="default"
            leftSection={<IconFileText size={16} />}
            onClick={() => navigate(`/quotes/new?client=${client.id}`)}
            disabled={client.archived}
            data-testid="client-new-quote"
          >
            New quote
          </Button>
          <Button
            variant="default"
            leftSection={<IconFileDollar size={16} />}
            onClick={() => navigate(`/invoices/new?client=${client.id}`)}
            disabled={client.archived}
            data-testid="client-new-invoice"
          >
            New invoice
          </Button>
          <Button
            leftSection={<IconPencil size={16} />}
            onClick={() => setEditing(true)}
            data-testid="client-edit"
          >
            Edit
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" px="xs" aria-label="More actions" data-testid="client-more">
                <IconDots size={18} />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {client.archived ? (
                <Menu.Item
                  leftSection={<IconArchive size={16} />}
                  onClick={doUnarchive}
                  data-testid="client-unarchive"
                >
                  Unarchive
                </Menu.Item>
              ) : (
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={confirmDelete}
                  data-testid="client-delete"
                >
                  Delete…
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </>
      }
    >
      {client.archived && (
        <Alert color="gray" variant="light" mb="lg" icon={<IconArchive size={18} />}>
          This client is archived: hidden from the client list and pickers, with all documents kept.{' '}
          <Anchor component="button" fz="sm" onClick={doUnarchive}>
            Unarchive
          </Anchor>
        </Alert>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Paper withBorder p="lg" data-testid="client-contact">
              <Title order={5} mb="sm">
                Contact
              </Title>
              <Stack gap="xs">
                {client.email ? (
                  <ContactLine icon={<IconMail size={16} />}>
                    <Anchor href={`mailto:${client.email}`} fz="sm">
                      {client.email}
                    </Anchor>
                  </ContactLine>
                ) : null}
                {client.phone && (
                  <ContactLine icon={<IconPhone size={16} />}>{client.phone}</ContactLine>
                )}
                {client.address && (
                  <ContactLine icon={<IconMapPin size={16} />}>{client.address}</ContactLine>
                )}
                {!client.email && !client.phone && !client.address && (
                  <Text fz="sm" c="dimmed">
                    No contact details yet.{' '}
                    <Anchor component="button" fz="sm" onClick={() => setEditing(true)}>
                      Add them
                    </Anchor>
                  </Text>
                )}
                {client.notes && (
                  <Text fz="sm" c="dimmed" mt="xs" style={{ whiteSpace: 'pre-line' }}>
                    {client.notes}
                  </Text>
                )}
              </Stack>
            </Paper>
            <ClientDocuments detail={detail.data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ClientUpcomingMeetings clientId={client.id} />
          <ClientTimeline clientId={client.id} first={activity} />
        </Grid.Col>
      </Grid>
      <ClientFormModal
        opened={editing}
        client={client}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          notifications.show({ color: 'green', message: 'Client saved.' });
        }}
      />
    </Page>
  );
}
