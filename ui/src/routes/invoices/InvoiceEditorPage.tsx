import { Alert, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { unwrap } from '../../api/errors';
import { useCreateInvoice, useInvoice, useUpdateInvoice } from '../../api/invoices';
import { keys } from '../../api/keys';
import { useBusinessProfile } from '../../api/settings';
import { commands, type InvoiceInput } from '../../bindings';
import { DocumentEditor } from '../../components/document/DocumentEditor';
import { draftFromDocument, newDraft, toInvoiceInput } from '../../components/document/draft';
import { Page } from '../../components/Page';
import { ErrorState, PageSkeleton } from '../../components/States';
import { isoDateInDays, todayIsoDate } from '../../format/dates';
import { currencyExponent } from '../../format/money';

export function InvoiceEditorPage() {
  const params = useParams();
  return params.id ? <EditInvoice id={Number(params.id)} /> : <NewInvoice />;
}

function NewInvoice() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const profile = useBusinessProfile();
  const create = useCreateInvoice();

  if (profile.isPending) return <PageSkeleton />;
  if (profile.isError)
    return (
      <Page title="New invoice">
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      </Page>
    );

  const initial = newDraft({
    clientId: search.get('client'),
    currency: profile.data.default_currency,
    taxRateMilli: profile.data.default_tax_rate_milli,
    issueDate: todayIsoDate(),
    dueDate: isoDateInDays(14),
  });

  return (
    <Page
      title="New invoice"
      subtitle="A draft until you issue it; it gets its number then."
      crumbs={[{ label: 'Invoices', to: '/invoices' }]}
      testId="invoice-editor-page"
    >
      <DocumentEditor<InvoiceInput>
        kind="invoice"
        initial={initial}
        version={null}
        build={toInvoiceInput}
        defaultTaxRateMilli={profile.data.default_tax_rate_milli}
        submitLabel="Save draft"
        onCancel={() => navigate(-1)}
        onSave={async (input) => {
          const invoice = await create.mutateAsync(input);
          notifications.show({ color: 'green', message: 'Draft invoice saved.' });
          navigate(`/invoices/${invoice.id}`, { replace: true });
        }}
      />
    </Page>
  );
}

function EditInvoice({ id }: { id: number }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invoice = useInvoice(id);
  const profile = useBusinessProfile();
  const update = useUpdateInvoice();

  if (invoice.isPending || profile.isPending) return <PageSkeleton />;
  if (invoice.isError || profile.isError)
    return (
      <Page title="Edit invoice" crumbs={[{ label: 'Invoices', to: '/invoices' }]}>
        <ErrorState
          error={invoice.error ?? profile.error}
          onRetry={() => {
            void invoice.refetch();
            void profile.refetch();
          }}
        />
      </Page>
    );

  const inv = invoice.data;
  const name = inv.number ?? 'draft invoice';
  const crumbs = [
    { label: 'Invoices', to: '/invoices' },
    { label: inv.number ?? 'Draft', to: `/invoices/${inv.id}` },
  ];
  if (inv.status !== 'draft') {
    return (
      <Page title={`Edit ${name}`} crumbs={crumbs}>
        <Alert color="gray" title="Issued invoices are locked" data-testid="not-editable">
          {inv.number} has been issued, so its contents are fixed. Void it and write a new one to
          change it.{' '}
          <Button component={Link} to={`/invoices/${inv.id}`} variant="subtle" size="compact-sm">
            Back to the invoice
          </Button>
        </Alert>
      </Page>
    );
  }

  return (
    <Page
      title="Edit draft invoice"
      subtitle={inv.client_name}
      crumbs={crumbs}
      testId="invoice-editor-page"
    >
      <DocumentEditor<InvoiceInput>
        key={inv.id}
        kind="invoice"
        initial={draftFromDocument(inv, currencyExponent(inv.currency))}
        version={inv.version}
        build={toInvoiceInput}
        defaultTaxRateMilli={profile.data.default_tax_rate_milli}
        submitLabel="Save draft"
        onCancel={() => navigate(`/invoices/${inv.id}`)}
        reload={async () => {
          const latest = await unwrap(commands.getInvoice(inv.id));
          queryClient.setQueryData(keys.invoices.detail(inv.id), latest);
          return {
            draft: draftFromDocument(latest, currencyExponent(latest.currency)),
            version: latest.version,
          };
        }}
        onSave={async (input, expectedVersion) => {
          await update.mutateAsync({ id: inv.id, input, expectedVersion });
          notifications.show({ color: 'green', message: 'Draft invoice saved.' });
          navigate(`/invoices/${inv.id}`);
        }}
      />
    </Page>
  );
}
