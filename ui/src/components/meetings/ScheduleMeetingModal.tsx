import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconCopy,
  IconExternalLink,
  IconMail,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useCalendly } from '../../api/calendly';
import { findClientByEmail, useClient, useCreateClient } from '../../api/clients';
import { errorMessage, toApiError } from '../../api/errors';
import { useOpenExternal } from '../../api/external';
import { useCreateBookingLink } from '../../api/meetings';
import { useBusinessProfile } from '../../api/settings';
import type { BookingLink } from '../../bindings';
import { mailtoHref } from '../../format/meetings';
import { blankToNull } from '../../format/text';
import { fromClient, toInput, validateClientForm } from '../../routes/clients/clientForm';
import { ClientSelect } from '../ClientSelect';
import { defaultEventTypeState, FEATURE, unavailableReason } from './calendlyAccess';
import { documentChoice, documentOption, parseDocumentChoice } from './documentChoice';
import { DocumentSelect } from './DocumentSelect';

export interface ScheduleTarget {
  /** Fixed client (client, quote and invoice pages); absent on the dashboard. */
  clientId?: number | null;
  quoteNumber?: string | null;
  invoiceNumber?: string | null;
}

/** The modal every "Schedule" button opens; the form remounts for each opening. */
export function ScheduleMeetingModal({
  opened,
  onClose,
  target = {},
}: {
  opened: boolean;
  onClose: () => void;
  target?: ScheduleTarget;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Schedule a meeting"
      size="lg"
      data-testid="schedule-modal"
    >
      {opened && <ScheduleForm target={target} onClose={onClose} />}
    </Modal>
  );
}

type Who = 'client' | 'prospect';

/** The quote or invoice the page that opened the modal is about, named by its number. */
function initialDocument(target: ScheduleTarget) {
  if (target.quoteNumber) return documentOption('quote', target.quoteNumber, target.quoteNumber);
  if (target.invoiceNumber) {
    return documentOption('invoice', target.invoiceNumber, target.invoiceNumber);
  }
  return null;
}

function ScheduleForm({ target, onClose }: { target: ScheduleTarget; onClose: () => void }) {
  const calendly = useCalendly();
  const [who, setWho] = useState<Who>('client');
  const [picked, setPicked] = useState<string | null>(
    target.clientId != null ? String(target.clientId) : null,
  );
  const [prospect, setProspect] = useState({ name: '', email: '' });
  const [prospectError, setProspectError] = useState<{ name?: string; email?: string }>({});
  const [document, setDocument] = useState(() =>
    documentChoice(target.quoteNumber, target.invoiceNumber),
  );
  const [eventType, setEventType] = useState<string | null>(null);
  const [link, setLink] = useState<BookingLink | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [twin, setTwin] = useState<{ id: number; name: string } | null>(null);
  const createLink = useCreateBookingLink();
  const createClient = useCreateClient();

  const fixedClient = target.clientId != null;
  const clientId = who === 'client' && picked ? Number(picked) : null;
  const clientData = useClient(clientId).data;

  const view = calendly.data;
  const blocked = unavailableReason(view, FEATURE.links);
  const eventTypes = useMemo(
    () => (view?.event_types ?? []).filter((t) => t.active),
    [view?.event_types],
  );
  const defaultType = view?.account?.default_event_type_uri ?? null;
  const defaultMissing = defaultEventTypeState(view) === 'gone';
  const chosenType =
    eventType ?? (defaultType && !defaultMissing ? defaultType : (eventTypes[0]?.uri ?? null));

  if (calendly.isPending) {
    return <Text c="dimmed">Loading your Calendly event types…</Text>;
  }
  if (blocked) {
    return (
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="schedule-blocked">
          {blocked}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button component={Link} to="/settings/integrations" onClick={onClose}>
            Open Integrations
          </Button>
        </Group>
      </Stack>
    );
  }
  if (link) {
    return (
      <LinkReady
        link={link}
        clientName={clientData?.client.name ?? prospect.name}
        email={clientData?.client.email ?? blankToNull(prospect.email)}
        onClose={onClose}
      />
    );
  }

  const generate = async () => {
    setFailure(null);
    let id = clientId;
    if (who === 'prospect') {
      const form = { ...fromClient(), ...prospect };
      // The client form's checks, and an address is needed to send the link to.
      const errors = validateClientForm(form);
      if (!form.email.trim()) errors.email = 'Enter the prospect’s e-mail address';
      setProspectError({ name: errors.name, email: errors.email });
      if (errors.name || errors.email) return;
      try {
        // Someone already a client is scheduled as that client, not added twice.
        const known = await findClientByEmail(form.email);
        if (known) {
          setTwin({ id: known.id, name: known.name });
          return;
        }
        const created = await createClient.mutateAsync(toInput(form));
        id = created.id;
        setWho('client');
        setPicked(String(created.id));
      } catch (e) {
        const error = toApiError(e);
        if (error.field === 'name' || error.field === 'email') {
          setProspectError({ [error.field]: error.message });
        } else {
          setFailure(errorMessage(e));
        }
        return;
      }
    }
    if (id === null) {
      setFailure('Choose a client first.');
      return;
    }
    const { quote, invoice } = parseDocumentChoice(document);
    try {
      setLink(
        await createLink.mutateAsync({
          clientId: id,
          quoteNumber: quote,
          invoiceNumber: invoice,
          eventTypeUri: chosenType,
        }),
      );
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };

  const busy = createLink.isPending || createClient.isPending;
  return (
    <Stack>
      {!fixedClient && (
        <SegmentedControl
          value={who}
          onChange={(v) => setWho(v as Who)}
          data={[
            { value: 'client', label: 'Existing client' },
            { value: 'prospect', label: 'New prospect' },
          ]}
          data-testid="schedule-who"
        />
      )}
      {fixedClient ? (
        <Text fz="sm" data-testid="schedule-client">
          For <b>{clientData?.client.name ?? '…'}</b>
          {clientData?.client.email ? ` · ${clientData.client.email}` : ''}
        </Text>
      ) : who === 'client' ? (
        <ClientSelect value={picked} onChange={setPicked} />
      ) : (
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            maxLength={200}
            value={prospect.name}
            onChange={(e) => setProspect({ ...prospect, name: e.currentTarget.value })}
            error={prospectError.name}
            data-testid="schedule-prospect-name"
          />
          <TextInput
            label="E-mail"
            required
            maxLength={254}
            value={prospect.email}
            onChange={(e) => {
              setProspect({ ...prospect, email: e.currentTarget.value });
              setTwin(null);
            }}
            error={prospectError.email}
            data-testid="schedule-prospect-email"
          />
        </Group>
      )}
      {clientData && !clientData.client.email && (
        <Text fz="xs" c="dimmed">
          This client has no e-mail address: the invitee types it on the booking page, and the
          booking still comes back to this client through the link.
        </Text>
      )}
      {defaultMissing && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          data-testid="schedule-default-missing"
        >
          Your default event type is no longer available in Calendly. Pick another here, and set a
          new default in{' '}
          <Anchor component={Link} to="/settings/integrations" fz="sm">
            Settings → Integrations
          </Anchor>
          .
        </Alert>
      )}
      <Select
        label="Event type"
        required
        data={eventTypes.map((t) => ({
          value: t.uri,
          label: t.duration_minutes ? `${t.name} · ${t.duration_minutes} min` : t.name,
        }))}
        value={chosenType}
        onChange={setEventType}
        nothingFoundMessage="No active event types"
        error={
          eventTypes.length === 0 ? 'Your Calendly account has no active event type.' : undefined
        }
        data-testid="schedule-event-type"
        comboboxProps={{ withinPortal: true }}
      />
      {who === 'client' && (
        <DocumentSelect
          label="Link the meeting to"
          description="A booking through this link lands on that quote or invoice too."
          clientId={clientId}
          value={document}
          onChange={setDocument}
          keyBy="number"
          none="Nothing else — just the client"
          openOnly
          initial={initialDocument(target)}
          testId="schedule-document"
        />
      )}
      {who === 'prospect' && twin && (
        <Alert color="blue" data-testid="schedule-twin">
          {twin.name} already has this e-mail address.{' '}
          <Anchor
            component="button"
            fz="sm"
            onClick={() => {
              setWho('client');
              setPicked(String(twin.id));
              setTwin(null);
            }}
            data-testid="schedule-use-twin"
          >
            Schedule with {twin.name}
          </Anchor>
        </Alert>
      )}
      {failure && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="schedule-error">
          {failure}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={() => void generate()}
          loading={busy}
          disabled={chosenType === null || (who === 'client' && clientId === null)}
          data-testid="schedule-generate"
        >
          Generate link
        </Button>
      </Group>
    </Stack>
  );
}

function LinkReady({
  link,
  clientName,
  email,
  onClose,
}: {
  link: BookingLink;
  clientName: string;
  email: string | null;
  onClose: () => void;
}) {
  const open = useOpenExternal();
  const profile = useBusinessProfile();
  const [failure, setFailure] = useState<string | null>(null);
  const about = link.quote_number
    ? `quote ${link.quote_number}`
    : link.invoice_number
      ? `invoice ${link.invoice_number}`
      : null;
  const launch = (url: string) => {
    setFailure(null);
    open.mutate(url, { onError: (e) => setFailure(errorMessage(e)) });
  };
  const mailto = mailtoHref({
    to: email,
    clientName,
    businessName: profile.data?.name ?? '',
    link: link.booking_url,
    about,
  });
  return (
    <Stack data-testid="schedule-link-ready">
      <Text fz="sm">
        A single-use booking link for <b>{clientName}</b>
        {about ? ` about ${about}` : ''}. When it is booked, the meeting appears here within a
        second.
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          label="Booking link"
          readOnly
          value={link.booking_url}
          style={{ flex: 1 }}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="schedule-link"
        />
        <CopyButton value={link.booking_url}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'default'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
              data-testid="schedule-copy"
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {failure && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {failure}
        </Alert>
      )}
      <Text fz="xs" c="dimmed">
        Booking pages open in your web browser: Quotla does not run Calendly’s scripts inside the
        app.
      </Text>
      <Group justify="space-between">
        <Button
          variant="subtle"
          leftSection={<IconExternalLink size={16} />}
          onClick={() => launch(link.booking_url)}
          data-testid="schedule-open"
        >
          Open booking page
        </Button>
        <Group>
          <Button
            variant="default"
            leftSection={<IconMail size={16} />}
            onClick={() => launch(mailto)}
            data-testid="schedule-email"
          >
            Send via e-mail
          </Button>
          <Button onClick={onClose} data-testid="schedule-done">
            Done
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
