import { Anchor, Button, Group, Menu, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowsExchange,
  IconCheck,
  IconCopy,
  IconFileDollar,
  IconPencil,
  IconReplace,
  IconSend,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import {
  useConvertQuote,
  useDeleteQuote,
  useDuplicateQuote,
  useQuote,
  useQuoteTransition,
  type QuoteTransition,
} from '../../api/quotes';
import { confirmAction } from '../../components/confirm';
import {
  MeetingBadge,
  MeetingsPanel,
  ScheduleButton,
} from '../../components/meetings/MeetingsPanel';
import { notifyFailure } from '../../components/notifyFailure';
import { DocumentActions } from '../../components/document/DocumentActions';
import { DocumentView } from '../../components/document/DocumentView';
import { Page } from '../../components/Page';
import { ErrorState, PageSkeleton } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatInstantDate } from '../../format/dates';

const DONE: Record<QuoteTransition, string> = {
  send: 'marked as sent',
  accept: 'accepted',
  decline: 'declined',
};

export function QuoteDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const quote = useQuote(id);
  const transition = useQuoteTransition();
  const convert = useConvertQuote();
  const remove = useDeleteQuote();
  const duplicate = useDuplicateQuote();

  if (quote.isPending) return <PageSkeleton />;
  if (quote.isError) {
    return (
      <Page title="Quote" crumbs={[{ label: 'Quotes', to: '/quotes' }]}>
        <ErrorState error={quote.error} onRetry={() => void quote.refetch()} />
      </Page>
    );
  }
  const q = quote.data;

  const fail = (title: string, e: unknown) =>
    notifyFailure('quote', title, e, () => void quote.refetch());

  const run = async (action: QuoteTransition) => {
    if (action === 'decline') {
      const ok = await confirmAction({
        title: `Decline ${q.number}?`,
        message: 'The quote is closed as declined. This cannot be undone.',
        confirmLabel: 'Decline quote',
        danger: true,
      });
      if (!ok) return;
    }
    try {
      await transition.mutateAsync({ id: q.id, action, expectedVersion: q.version });
      notifications.show({ color: 'green', message: `${q.number} ${DONE[action]}.` });
    } catch (e) {
      fail('The quote could not be updated', e);
    }
  };

  const doConvert = async () => {
    try {
      const invoice = await convert.mutateAsync(q.id);
      notifications.show({
        color: 'green',
        title: 'Invoice created',
        message: `A draft invoice was made from ${q.number}. Check it and issue it.`,
      });
      navigate(`/invoices/${invoice.id}`);
    } catch (e) {
      fail('The quote could not be converted', e);
    }
  };

  const doDelete = async () => {
    const ok = await confirmAction({
      title: `Delete ${q.number}?`,
      message: 'The draft is deleted for good.',
      confirmLabel: 'Delete draft',
      danger: true,
    });
    if (!ok) return;
    try {
      await remove.mutateAsync(q.id);
      notifications.show({ color: 'green', message: `${q.number} was deleted.` });
      navigate('/quotes', { replace: true });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(e) });
    }
  };

  /** A new draft from this quote; a revision replaces it and links back to it. */
  const copy = async (revise: boolean) => {
    try {
      const draft = await duplicate.mutateAsync({ id: q.id, revise });
      notifications.show({
        color: 'green',
        title: revise ? `${draft.number} revises ${q.number}` : `${draft.number} is a copy`,
        message: revise
          ? 'Change what the client asked for, then send the new version.'
          : `Copied from ${q.number}: change what you need and save it.`,
      });
      navigate(`/quotes/${draft.id}/edit`);
    } catch (e) {
      fail(revise ? 'The quote could not be revised' : 'The quote could not be duplicated', e);
    }
  };

  const busy = transition.isPending || convert.isPending;
  // A sent quote may still be accepted, so revising it is tucked into the menu; a closed one
  // offers it up front.
  const closed = q.status === 'expired' || q.status === 'declined';
  const reviseProps = {
    leftSection: <IconReplace size={16} />,
    onClick: () => void copy(true),
    'data-testid': 'quote-revise',
  };
  const actions = (
    <>
      {q.status !== 'declined' && (
        <ScheduleButton
          target={{ clientId: q.client_id, quoteNumber: q.number }}
          label="Schedule follow-up"
          tip="Walking a client through a quote on a call is the surest way to an answer: the booking link ties the meeting to this quote."
          testId="quote-schedule"
        />
      )}
      <DocumentActions
        document={{ kind: 'quote', id: q.id }}
        markSent={q.status === 'draft' ? () => run('send') : null}
        reload={() => void quote.refetch()}
        menuBusy={duplicate.isPending || remove.isPending}
        menuItems={
          <>
            <Menu.Item
              leftSection={<IconCopy size={16} />}
              onClick={() => void copy(false)}
              data-testid="quote-duplicate"
            >
              Duplicate
            </Menu.Item>
            {q.status === 'sent' && <Menu.Item {...reviseProps}>Revise</Menu.Item>}
            {q.status === 'draft' && (
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={doDelete}
                data-testid="quote-delete"
              >
                Delete draft
              </Menu.Item>
            )}
          </>
        }
      />
      {closed && (
        <Button {...reviseProps} loading={duplicate.isPending}>
          Revise
        </Button>
      )}
      {q.status === 'draft' && (
        <>
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            component={Link}
            to={`/quotes/${q.id}/edit`}
            data-testid="quote-edit"
          >
            Edit
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            onClick={() => run('send')}
            loading={busy}
            data-testid="quote-send"
          >
            Mark as sent
          </Button>
        </>
      )}
      {q.status === 'sent' && (
        <>
          <Button
            variant="default"
            color="red"
            leftSection={<IconX size={16} />}
            onClick={() => run('decline')}
            disabled={busy}
            data-testid="quote-decline"
          >
            Decline
          </Button>
          <Button
            color="teal"
            leftSection={<IconCheck size={16} />}
            onClick={() => run('accept')}
            loading={busy}
            data-testid="quote-accept"
          >
            Accept
          </Button>
        </>
      )}
      {q.status === 'accepted' && q.invoice_id === null && (
        <Button
          leftSection={<IconArrowsExchange size={16} />}
          onClick={doConvert}
          loading={busy}
          data-testid="quote-convert"
        >
          Convert to invoice
        </Button>
      )}
      {q.invoice_id !== null && (
        <Button
          variant="light"
          leftSection={<IconFileDollar size={16} />}
          component={Link}
          to={`/invoices/${q.invoice_id}`}
          data-testid="quote-invoice-link"
        >
          View invoice {q.invoice_number ?? '(draft)'}
        </Button>
      )}
    </>
  );

  const meta = [
    { label: 'Created', value: formatInstantDate(q.created_at), testId: 'quote-created' },
    { label: 'Valid until', value: formatDate(q.valid_until), testId: 'quote-valid-until' },
  ];
  if (q.sent_at) {
    meta.push({ label: 'Sent', value: formatInstantDate(q.sent_at), testId: 'quote-sent' });
  }

  return (
    <Page
      testId="quote-detail"
      crumbs={[{ label: 'Quotes', to: '/quotes' }]}
      title={
        <Group gap="sm">
          <span data-testid="quote-number">{q.number}</span>
          <StatusBadge status={q.status} size="lg" testId="quote-status" />
          <MeetingBadge filter={{ quote_number: q.number }} />
        </Group>
      }
      subtitle={
        <>
          For{' '}
          <Anchor component={Link} to={`/clients/${q.client_id}`} fz="sm">
            {q.client_name}
          </Anchor>
          {' · '}last changed {formatDateTime(q.updated_at)}
        </>
      }
      actions={actions}
    >
      <Stack gap="lg">
        {q.status === 'expired' && (
          <Text fz="sm" c="orange.8">
            This quote expired on {formatDate(q.valid_until)} without an answer.
          </Text>
        )}
        {q.revises && (
          <Text fz="sm" c="dimmed" data-testid="quote-revises">
            Revises{' '}
            <Anchor component={Link} to={`/quotes/${q.revises.id}`} fz="sm">
              {q.revises.number}
            </Anchor>
            .
          </Text>
        )}
        {q.revised_by && (
          <Text fz="sm" c="orange.8" data-testid="quote-revised-by">
            Revised by{' '}
            <Anchor component={Link} to={`/quotes/${q.revised_by.id}`} fz="sm">
              {q.revised_by.number}
            </Anchor>
            : that is the newer version.
          </Text>
        )}
        {q.invoice_id !== null && (
          <Text fz="sm" c="dimmed" data-testid="quote-converted-note">
            Converted to invoice{' '}
            <Anchor component={Link} to={`/invoices/${q.invoice_id}`} fz="sm">
              {q.invoice_number ?? 'draft'}
            </Anchor>
            .
          </Text>
        )}
        <MeetingsPanel
          filter={{ quote_number: q.number }}
          title="Meetings about this quote"
          testId="quote-meetings"
        />
        <DocumentView
          clientId={q.client_id}
          clientName={q.client_name}
          meta={meta}
          items={q.items}
          totals={q.totals}
          discount={q.discount}
          currency={q.currency}
          notes={q.notes}
        />
      </Stack>
    </Page>
  );
}
