import {
  Alert,
  Anchor,
  Button,
  Divider,
  Drawer,
  Group,
  Modal,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowRight,
  IconCalendarX,
  IconExternalLink,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCalendly } from '../../api/calendly';
import { errorMessage, toApiError } from '../../api/errors';
import {
  useCancelMeeting,
  useCreateClientFromMeeting,
  useLinkMeeting,
  useMeeting,
  useSetNoShow,
} from '../../api/meetings';
import { useOpenOrNotify } from '../../api/external';
import type { Meeting } from '../../bindings';
import { formatDateTime } from '../../format/dates';
import {
  meetingPhase,
  meetingTitle,
  meetingWhen,
  PHASE_LABEL,
  safeHttpsUrl,
} from '../../format/meetings';
import { ClientSelect } from '../ClientSelect';
import { documentChoice, documentOption, parseDocumentChoice } from './documentChoice';
import { DocumentSelect } from './DocumentSelect';
import { MeetingPhaseBadge } from './MeetingPhaseBadge';
import { ErrorState } from '../States';
import { FEATURE, unavailableReason } from './calendlyAccess';
import { useOpenedMeeting, useOpenMeeting } from './meetingRoute';

/** The meeting detail, over any screen whose URL names `?meeting=`. */
export function MeetingDrawer() {
  const uri = useOpenedMeeting();
  const openMeeting = useOpenMeeting();
  return (
    <Drawer
      opened={uri !== null}
      onClose={() => openMeeting(null)}
      position="right"
      size="md"
      title="Meeting"
      data-testid="meeting-drawer"
    >
      {uri !== null && <MeetingDetail uri={uri} />}
    </Drawer>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div style={{ fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </Stack>
  );
}

function MeetingDetail({ uri }: { uri: string }) {
  const detail = useMeeting(uri);
  if (detail.isPending) {
    return (
      <Stack data-testid="meeting-detail-loading">
        <Skeleton h={28} w="60%" />
        <Skeleton h={16} w="80%" />
        <Skeleton h={120} />
      </Stack>
    );
  }
  if (detail.isError) {
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { meeting, chain } = detail.data;
  return <MeetingBody meeting={meeting} chain={chain} />;
}

function MeetingBody({ meeting, chain }: { meeting: Meeting; chain: Meeting[] }) {
  const phase = meetingPhase(meeting);
  const calendly = useCalendly();
  const actionsBlocked = unavailableReason(calendly.data, FEATURE.actions);
  const joinUrl = safeHttpsUrl(meeting.join_url);
  const open = useOpenOrNotify();
  const noShow = useSetNoShow();
  const [canceling, setCanceling] = useState(false);
  // When the drawer opened is "now" for whether the meeting has started.
  const [openedAt] = useState(() => Date.now());
  const started = new Date(meeting.start_time).getTime() <= openedAt;

  const toggleNoShow = (value: boolean) =>
    noShow.mutate(
      { inviteeUri: meeting.invitee_uri, noShow: value },
      {
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(e) }),
      },
    );

  return (
    <Stack gap="md" data-testid="meeting-detail">
      <Stack gap={4}>
        <Group gap="xs">
          <Title order={4} data-testid="meeting-title">
            {meetingTitle(meeting)}
          </Title>
          <MeetingPhaseBadge phase={phase} testId="meeting-phase" />
        </Group>
        <Text fz="sm" data-testid="meeting-when">
          {meetingWhen(meeting)}
        </Text>
      </Stack>

      {meeting.rescheduled && meeting.moved_to_start_time && (
        <Alert color="gray" icon={<IconArrowRight size={18} />} data-testid="meeting-moved-to">
          Moved to {formatDateTime(meeting.moved_to_start_time)}.{' '}
          {meeting.rescheduled_to && <StoryLink uri={meeting.rescheduled_to} label="Open it" />}
        </Alert>
      )}
      {meeting.status === 'canceled' && !meeting.rescheduled && (
        <Alert color="red" icon={<IconCalendarX size={18} />} data-testid="meeting-canceled">
          Canceled{meeting.canceled_by ? ` by ${meeting.canceled_by}` : ''}
          {meeting.canceled_at ? ` on ${formatDateTime(meeting.canceled_at)}` : ''}.
          {meeting.cancel_reason ? (
            <Text
              fz="sm"
              mt={4}
              style={{ whiteSpace: 'pre-wrap' }}
              data-testid="meeting-cancel-reason"
            >
              “{meeting.cancel_reason}”
            </Text>
          ) : null}
        </Alert>
      )}

      <Field label="Invitee">
        <Text fz="sm" data-testid="meeting-invitee">
          {meeting.name ?? 'Unnamed invitee'}
          {meeting.email ? ` · ${meeting.email}` : ''}
        </Text>
      </Field>
      {(meeting.location || meeting.location_type || meeting.join_url) && (
        <Field label="Where">
          {meeting.location && (
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="meeting-location">
              {meeting.location}
            </Text>
          )}
          {joinUrl ? (
            <Button
              mt={4}
              size="xs"
              variant="light"
              leftSection={<IconExternalLink size={14} />}
              onClick={() => open(joinUrl, 'Could not open the meeting')}
              data-testid="meeting-join"
            >
              Join meeting
            </Button>
          ) : meeting.join_url ? (
            <Text fz="xs" c="dimmed" data-testid="meeting-join-unsafe">
              The join link is not a secure (https) address, so Quotla does not open it:{' '}
              {meeting.join_url}
            </Text>
          ) : null}
        </Field>
      )}
      {meeting.questions_and_answers.length > 0 && (
        <Field label="Answers">
          <Stack gap={6} data-testid="meeting-answers">
            {meeting.questions_and_answers.map((qa, i) => (
              <div key={i}>
                <Text fz="xs" c="dimmed">
                  {qa.question}
                </Text>
                <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {qa.answer}
                </Text>
              </div>
            ))}
          </Stack>
        </Field>
      )}

      <Divider />
      <BelongsTo meeting={meeting} />

      {chain.length > 1 && (
        <>
          <Divider />
          <Field label="Story of this meeting">
            <Timeline
              active={chain.findIndex((m) => m.invitee_uri === meeting.invitee_uri)}
              bulletSize={14}
              lineWidth={2}
              mt="xs"
              data-testid="meeting-story"
            >
              {chain.map((m) => (
                <Timeline.Item
                  key={m.invitee_uri}
                  title={
                    m.invitee_uri === meeting.invitee_uri ? (
                      <Text fz="sm" fw={600}>
                        {meetingWhen(m)}
                      </Text>
                    ) : (
                      <StoryLink uri={m.invitee_uri} label={meetingWhen(m)} />
                    )
                  }
                >
                  <Text fz="xs" c="dimmed">
                    {PHASE_LABEL[meetingPhase(m)]}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Field>
        </>
      )}

      {!meeting.rescheduled && meeting.status === 'scheduled' && (
        <>
          <Divider />
          {actionsBlocked && (
            <Text fz="xs" c="dimmed" data-testid="meeting-actions-blocked">
              {actionsBlocked}
            </Text>
          )}
          {started && (
            <Switch
              label="The invitee did not show up"
              checked={meeting.no_show}
              disabled={actionsBlocked !== null || noShow.isPending}
              onChange={(e) => toggleNoShow(e.currentTarget.checked)}
              data-testid="meeting-no-show"
            />
          )}
          {phase === 'upcoming' && (
            <Group>
              <Button
                color="red"
                variant="light"
                leftSection={<IconCalendarX size={16} />}
                disabled={actionsBlocked !== null}
                onClick={() => setCanceling(true)}
                data-testid="meeting-cancel"
              >
                Cancel meeting…
              </Button>
            </Group>
          )}
        </>
      )}
      <CancelMeetingModal
        meeting={meeting}
        opened={canceling}
        onClose={() => setCanceling(false)}
      />
    </Stack>
  );
}

function StoryLink({ uri, label }: { uri: string; label: string }) {
  const openMeeting = useOpenMeeting();
  return (
    <Anchor component="button" fz="sm" onClick={() => openMeeting(uri)}>
      {label}
    </Anchor>
  );
}

function CancelMeetingModal({
  meeting,
  opened,
  onClose,
}: {
  meeting: Meeting;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Cancel this meeting?"
      data-testid="cancel-modal"
    >
      {opened && <CancelMeetingForm meeting={meeting} onClose={onClose} />}
    </Modal>
  );
}

/** Mounted per opening, so a reopened dialog starts empty. */
function CancelMeetingForm({ meeting, onClose }: { meeting: Meeting; onClose: () => void }) {
  const cancel = useCancelMeeting();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    setFailure(null);
    try {
      await cancel.mutateAsync({ inviteeUri: meeting.invitee_uri, reason });
      notifications.show({ color: 'green', message: 'The meeting was canceled in Calendly.' });
      onClose();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <Stack>
      <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
        This cancels the whole event in Calendly — for every invitee, if it is a group event — and
        Calendly tells them. It cannot be undone.
      </Alert>
      <Textarea
        label="Reason (sent to the invitee)"
        autosize
        minRows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        data-testid="cancel-reason"
      />
      {failure && (
        <Alert color="red" data-testid="cancel-error">
          {failure}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Keep meeting
        </Button>
        <Button
          color="red"
          loading={cancel.isPending}
          onClick={() => void submit()}
          data-testid="cancel-confirm"
        >
          Cancel meeting
        </Button>
      </Group>
    </Stack>
  );
}

/** The client, quote or invoice the meeting belongs to, and how to change it. */
function BelongsTo({ meeting }: { meeting: Meeting }) {
  const [editing, setEditing] = useState(false);
  const createClient = useCreateClientFromMeeting();
  const [failure, setFailure] = useState<string | null>(null);

  const fromInvitee = async () => {
    setFailure(null);
    try {
      await createClient.mutateAsync(meeting.invitee_uri);
      notifications.show({ color: 'green', message: 'Client created from the invitee.' });
    } catch (e) {
      const error = toApiError(e);
      setFailure(
        error.field === 'email'
          ? `${error.message} Use “Link to client” instead.`
          : errorMessage(e),
      );
    }
  };

  if (editing) return <LinkEditor meeting={meeting} onDone={() => setEditing(false)} />;
  return (
    <Field label="Belongs to">
      {meeting.client_id !== null ? (
        <Stack gap={2} data-testid="meeting-belongs">
          <Anchor component={Link} to={`/clients/${meeting.client_id}`} fz="sm">
            {meeting.client_name}
          </Anchor>
          {meeting.quote_id !== null && (
            <Anchor component={Link} to={`/quotes/${meeting.quote_id}`} fz="sm">
              Quote {meeting.quote_number}
            </Anchor>
          )}
          {meeting.invoice_id !== null && (
            <Anchor component={Link} to={`/invoices/${meeting.invoice_id}`} fz="sm">
              Invoice {meeting.invoice_number}
            </Anchor>
          )}
          <Anchor
            component="button"
            fz="xs"
            c="dimmed"
            ta="left"
            onClick={() => setEditing(true)}
            data-testid="meeting-change-link"
          >
            Change
          </Anchor>
        </Stack>
      ) : (
        <Stack gap="xs" data-testid="meeting-unmatched">
          <Text fz="sm" c="dimmed">
            No client matched this invitee’s e-mail.
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              leftSection={<IconUserPlus size={14} />}
              loading={createClient.isPending}
              onClick={() => void fromInvitee()}
              data-testid="meeting-create-client"
            >
              Create client from invitee
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => setEditing(true)}
              data-testid="meeting-link-client"
            >
              Link to client
            </Button>
          </Group>
          {failure && (
            <Text fz="xs" c="red" data-testid="meeting-link-error">
              {failure}
            </Text>
          )}
        </Stack>
      )}
    </Field>
  );
}

/** The quote or invoice a meeting is linked to now, named by its number. */
function linkedDocument(meeting: Meeting) {
  if (meeting.quote_id !== null) {
    return documentOption('quote', meeting.quote_id, meeting.quote_number);
  }
  if (meeting.invoice_id !== null) {
    return documentOption('invoice', meeting.invoice_id, meeting.invoice_number);
  }
  return null;
}

function LinkEditor({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const [client, setClient] = useState<string | null>(
    meeting.client_id !== null ? String(meeting.client_id) : null,
  );
  const [document, setDocument] = useState(() =>
    documentChoice(meeting.quote_id, meeting.invoice_id),
  );
  const clientId = client ? Number(client) : null;
  const link = useLinkMeeting();
  const [failure, setFailure] = useState<string | null>(null);
  const save = async () => {
    setFailure(null);
    const { quote, invoice } = parseDocumentChoice(document);
    try {
      await link.mutateAsync({
        inviteeUri: meeting.invitee_uri,
        clientId,
        quoteId: quote === null ? null : Number(quote),
        invoiceId: invoice === null ? null : Number(invoice),
      });
      onDone();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <Stack gap="xs" data-testid="meeting-link-editor">
      <ClientSelect
        value={client}
        onChange={(v) => {
          setClient(v);
          setDocument('none');
        }}
      />
      <DocumentSelect
        label="Quote or invoice"
        clientId={clientId}
        value={document}
        onChange={setDocument}
        keyBy="id"
        none="Just the client"
        openOnly={false}
        initial={linkedDocument(meeting)}
        testId="meeting-link-document"
      />
      {failure && (
        <Text fz="xs" c="red">
          {failure}
        </Text>
      )}
      <Group justify="flex-end" gap="xs">
        <Button size="xs" variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          size="xs"
          loading={link.isPending}
          disabled={clientId === null}
          onClick={() => void save()}
          data-testid="meeting-link-save"
        >
          Save
        </Button>
      </Group>
    </Stack>
  );
}
