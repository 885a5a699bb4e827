import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { unwrap } from '../../api/errors';
import { useDocumentSettings } from '../../api/documentSettings';
import { useCreateInvoice, useInvoice, useUpdateInvoice } from '../../api/invoices';
import { keys } from '../../api/keys';
import { useBusinessProfile } from '../../api/settings';
import { commands, type InvoiceInput } from '../../bindings';
import { DocumentEditor } from '../../components/document/DocumentEditor';
import { draftFromDocument, newDraft, toInvoiceInput } from '../../components/document/draft';
import { NotEditable } from '../../components/document/NotEditable';
import { Page } from '../../components/Page';
import { QueryGate } from '../../components/QueryGate';
import { todayIsoDate } from '../../format/dates';
import { currencyExponent } from '../../format/money';

const INVOICES = { label: 'Invoices', to: '/invoices' };

/** Payment terms until the document settings have loaded (or if they cannot be). */
const FALLBACK_TERMS_DAYS = 14;

export function InvoiceEditorPage() {
  const params = useParams();
  return params.id ? <EditInvoice id={Number(params.id)} /> : <NewInvoice />;
}

function NewInvoice() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const profile = useBusinessProfile();
  // Not awaited: the editor opens at once, and the defaults fill in when these arrive.
  const settings = useDocumentSettings();
  const create = useCreateInvoice();

  return (
    <QueryGate queries={[profile]} title="New invoice" crumbs={[INVOICES]}>
      {() => (
        <Page
          title="New invoice"
          subtitle="A draft until you issue it; it gets its number then."
          crumbs={[INVOICES]}
          testId="invoice-editor-page"
        >
          <DocumentEditor<InvoiceInput>
            kind="invoice"
            initial={newDraft({
              clientId: search.get('client'),
              currency: profile.data!.default_currency,
              taxRateMilli: profile.data!.default_tax_rate_milli,
              issueDate: todayIsoDate(),
            })}
            defaultNotes={settings.data?.invoice_notes ?? ''}
            paymentTermsDays={settings.data?.payment_terms_days ?? FALLBACK_TERMS_DAYS}
            version={null}
            build={toInvoiceInput}
            defaultTaxRateMilli={profile.data!.default_tax_rate_milli}
            submitLabel="Save draft"
            onCancel={() => navigate(-1)}
            onSave={async (input) => {
              const invoice = await create.mutateAsync(input);
              notifications.show({ color: 'green', message: 'Draft invoice saved.' });
              navigate(`/invoices/${invoice.id}`, { replace: true });
            }}
          />
        </Page>
      )}
    </QueryGate>
  );
}

function EditInvoice({ id }: { id: number }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invoice = useInvoice(id);
  const profile = useBusinessProfile();
  const update = useUpdateInvoice();

  return (
    <QueryGate queries={[invoice, profile]} title="Edit invoice" crumbs={[INVOICES]}>
      {() => {
        const inv = invoice.data!;
        const crumbs = [INVOICES, { label: inv.number ?? 'Draft', to: `/invoices/${inv.id}` }];
        if (inv.status !== 'draft') {
          return (
            <Page title={`Edit ${inv.number}`} crumbs={crumbs}>
              <NotEditable
                title="Issued invoices are locked"
                backTo={`/invoices/${inv.id}`}
                backLabel="Back to the invoice"
              >
                {inv.status === 'void'
                  ? `${inv.number} was voided. To write it again, use Duplicate on its page: the copy is a new draft.`
                  : `${inv.number} has been issued, so its contents are fixed. To change it, void it and use Duplicate on its page: the copy is a new draft.`}
              </NotEditable>
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
              defaultTaxRateMilli={profile.data!.default_tax_rate_milli}
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
      }}
    </QueryGate>
  );
}
