import { Alert, Anchor, Button, Group, Menu, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBan,
  IconCash,
  IconCopy,
  IconFileText,
  IconLock,
  IconMailCheck,
  IconPencil,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import {
  useDeleteInvoice,
  useDuplicateInvoice,
  useInvoice,
  useIssueInvoice,
  useMarkInvoicePaid,
  useMarkInvoiceSent,
  useVoidInvoice,
} from '../../api/invoices';
import { confirmAction } from '../../components/confirm';
import {
  MeetingBadge,
  MeetingsPanel,
  ScheduleButton,
} from '../../components/meetings/MeetingsPanel';
import { notifyFailure } from '../../components/notifyFailure';
import { DocumentActions } from '../../components/document/DocumentActions';
import { DocumentView, type MetaField } from '../../components/document/DocumentView';
import { Page } from '../../components/Page';
import { ErrorState, PageSkeleton } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatInstantDate } from '../../format/dates';
import { MarkPaidModal } from './MarkPaidModal';

export function InvoiceDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const invoice = useInvoice(id);
  const issue = useIssueInvoice();
  const markPaid = useMarkInvoicePaid();
  const voidInvoice = useVoidInvoice();
  const remove = useDeleteInvoice();
  const markSent = useMarkInvoiceSent();
  const duplicate = useDuplicateInvoice();
  const [paying, setPaying] = useState(false);

  if (invoice.isPending) return <PageSkeleton />;
  if (invoice.isError) {
    return (
      <Page title="Invoice" crumbs={[{ label: 'Invoices', to: '/invoices' }]}>
        <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />
      </Page>
    );
  }
  const inv = invoice.data;
  const name = inv.number ?? 'Draft invoice';

  const fail = (title: string, e: unknown) =>
    notifyFailure('invoice', title, e, () => void invoice.refetch());

  const doIssue = async () => {
    const ok = await confirmAction({
      title: 'Issue this invoice?',
      message:
        'It gets the next invoice number and is locked: an issued invoice can no longer be edited, only voided.',
      confirmLabel: 'Issue invoice',
    });
    if (!ok) return;
    try {
      const issued = await issue.mutateAsync({ id: inv.id, expectedVersion: inv.version });
      notifications.show({ color: 'green', message: `Invoice ${issued.number} issued.` });
    } catch (e) {
      fail('The invoice could not be issued', e);
    }
  };

  const doMarkPaid = async (paidOn: string) => {
    try {
      await markPaid.mutateAsync({ id: inv.id, paidOn, expectedVersion: inv.version });
      setPaying(false);
      notifications.show({ color: 'green', message: `${name} marked as paid.` });
    } catch (e) {
      setPaying(false);
      fail('The invoice could not be marked paid', e);
    }
  };

  const doMarkSent = async () => {
    try {
      await markSent.mutateAsync({ id: inv.id, expectedVersion: inv.version });
      notifications.show({ color: 'green', message: `${name} marked as sent.` });
    } catch (e) {
      fail('The invoice could not be marked as sent', e);
    }
  };

  const doDuplicate = async () => {
    try {
      const draft = await duplicate.mutateAsync(inv.id);
      notifications.show({
        color: 'green',
        title: 'Draft invoice created',
        message: `Copied from ${name} and dated today: change what you need, then issue it.`,
      });
      navigate(`/invoices/${draft.id}/edit`);
    } catch (e) {
      fail('The invoice could not be duplicated', e);
    }
  };

  const doVoid = async () => {
    const ok = await confirmAction({
      title: `Void ${name}?`,
      message: `The invoice stays on record with its number, marked void, and no longer counts as outstanding. This cannot be undone.`,
      confirmLabel: 'Void invoice',
      danger: true,
    });
    if (!ok) return;
    try {
      await voidInvoice.mutateAsync({ id: inv.id, expectedVersion: inv.version });
      notifications.show({ color: 'green', message: `${name} was voided.` });
    } catch (e) {
      fail('The invoice could not be voided', e);
    }
  };

  const doDelete = async () => {
    const ok = await confirmAction({
      title: 'Delete this draft invoice?',
      message: 'The draft is deleted for good. It has no number yet, so none is lost.',
      confirmLabel: 'Delete draft',
      danger: true,
    });
    if (!ok) return;
    try {
      await remove.mutateAsync(inv.id);
      notifications.show({ color: 'green', message: 'Draft invoice deleted.' });
      navigate('/invoices', { replace: true });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(e) });
    }
  };

  const open = inv.status === 'issued' || inv.status === 'sent' || inv.status === 'overdue';
  // Overdue is derived from the due date, and may be reached before anyone confirmed sending.
  const awaitingSend = (inv.status === 'issued' || inv.status === 'overdue') && !inv.sent_at;
  const duplicateProps = {
    leftSection: <IconCopy size={16} />,
    onClick: () => void doDuplicate(),
    'data-testid': 'invoice-duplicate',
  };
  const actions = (
    <>
      {inv.number !== null && inv.status !== 'void' && (
        <ScheduleButton
          target={{ clientId: inv.client_id, invoiceNumber: inv.number }}
          label="Schedule follow-up"
          tip="A short call often settles a question that holds up payment: the booking link ties the meeting to this invoice."
          testId="invoice-schedule"
        />
      )}
      <DocumentActions
        document={{ kind: 'invoice', id: inv.id }}
        emailBlocked={
          inv.status === 'draft'
            ? 'Issue the invoice first: a draft has no number yet and can still change.'
            : inv.status === 'void'
              ? 'A void invoice is no longer sent to the client.'
              : undefined
        }
        markSent={awaitingSend ? doMarkSent : null}
        reload={() => void invoice.refetch()}
        menuBusy={duplicate.isPending || remove.isPending || voidInvoice.isPending}
        menuItems={
          <>
            {inv.status !== 'void' && <Menu.Item {...duplicateProps}>Duplicate</Menu.Item>}
            {inv.status === 'draft' && (
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={doDelete}
                data-testid="invoice-delete"
              >
                Delete draft
              </Menu.Item>
            )}
            {open && (
              <Menu.Item
                color="red"
                leftSection={<IconBan size={16} />}
                onClick={doVoid}
                data-testid="invoice-void"
              >
                Void
              </Menu.Item>
            )}
          </>
        }
      />
      {inv.status === 'void' && (
        <Button {...duplicateProps} loading={duplicate.isPending}>
          Duplicate
        </Button>
      )}
      {inv.status === 'draft' && (
        <>
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            component={Link}
            to={`/invoices/${inv.id}/edit`}
            data-testid="invoice-edit"
          >
            Edit
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            onClick={doIssue}
            loading={issue.isPending}
            data-testid="invoice-issue"
          >
            Issue
          </Button>
        </>
      )}
      {awaitingSend && (
        <Button
          variant="default"
          leftSection={<IconMailCheck size={16} />}
          onClick={doMarkSent}
          loading={markSent.isPending}
          data-testid="invoice-mark-sent"
        >
          Mark as sent
        </Button>
      )}
      {open && (
        <>
          <Button
            color="green"
            leftSection={<IconCash size={16} />}
            onClick={() => setPaying(true)}
            data-testid="invoice-mark-paid"
          >
            Mark paid
          </Button>
        </>
      )}
    </>
  );

  const meta: MetaField[] = [
    { label: 'Issue date', value: formatDate(inv.issue_date), testId: 'invoice-issue-date' },
    { label: 'Due date', value: formatDate(inv.due_date), testId: 'invoice-due-date' },
  ];
  if (inv.sent_at)
    meta.push({ label: 'Sent', value: formatInstantDate(inv.sent_at), testId: 'invoice-sent' });
  if (inv.paid_on)
    meta.push({ label: 'Paid on', value: formatDate(inv.paid_on), testId: 'invoice-paid-on' });

  return (
    <Page
      testId="invoice-detail"
      crumbs={[{ label: 'Invoices', to: '/invoices' }]}
      title={
        <Group gap="sm">
          <span data-testid="invoice-number">{name}</span>
          <StatusBadge status={inv.status} size="lg" testId="invoice-status" />
          {inv.number && <MeetingBadge filter={{ invoice_number: inv.number }} />}
        </Group>
      }
      subtitle={
        <>
          For{' '}
          <Anchor component={Link} to={`/clients/${inv.client_id}`} fz="sm">
            {inv.client_name}
          </Anchor>
          {' · '}last changed {formatDateTime(inv.updated_at)}
        </>
      }
      actions={actions}
    >
      <Stack gap="lg">
        {inv.status === 'draft' ? (
          <Alert
            color="indigo"
            variant="light"
            icon={<IconSend size={18} />}
            data-testid="invoice-draft-note"
          >
            This is a draft. Issuing it assigns the next invoice number and locks it.
          </Alert>
        ) : (
          <Alert
            color="gray"
            variant="light"
            icon={<IconLock size={18} />}
            data-testid="invoice-locked"
          >
            {inv.status === 'void'
              ? `Voided ${formatDateTime(inv.voided_at)}. The number ${inv.number} stays used. To bill this work again, use Duplicate: the copy is a new draft.`
              : `Issued ${formatDateTime(inv.issued_at)} and locked: issued invoices cannot be edited.`}
          </Alert>
        )}
        {inv.status === 'overdue' && (
          <Text fz="sm" c="red.7" fw={500}>
            Payment was due on {formatDate(inv.due_date)}.
          </Text>
        )}
        {inv.quote_id !== null && (
          <Text fz="sm" c="dimmed" data-testid="invoice-quote-link">
            <IconFileText size={14} style={{ verticalAlign: -2 }} /> Converted from quote{' '}
            <Anchor component={Link} to={`/quotes/${inv.quote_id}`} fz="sm">
              {inv.quote_number}
            </Anchor>
          </Text>
        )}
        {inv.number !== null && (
          <MeetingsPanel
            filter={{ invoice_number: inv.number }}
            title="Meetings about this invoice"
            testId="invoice-meetings"
          />
        )}
        <DocumentView
          clientId={inv.client_id}
          clientName={inv.client_name}
          meta={meta}
          items={inv.items}
          totals={inv.totals}
          discount={inv.discount}
          currency={inv.currency}
          notes={inv.notes}
        />
      </Stack>
      <MarkPaidModal
        opened={paying}
        title={`Mark ${name} as paid`}
        onClose={() => setPaying(false)}
        onConfirm={doMarkPaid}
        minDate={inv.issue_date}
        busy={markPaid.isPending}
      />
    </Page>
  );
}
