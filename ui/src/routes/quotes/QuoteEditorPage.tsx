import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { unwrap } from '../../api/errors';
import { useDocumentSettings } from '../../api/documentSettings';
import { keys } from '../../api/keys';
import { useCreateQuote, useQuote, useUpdateQuote } from '../../api/quotes';
import { useBusinessProfile } from '../../api/settings';
import { commands, type QuoteInput } from '../../bindings';
import { DocumentEditor } from '../../components/document/DocumentEditor';
import { draftFromDocument, newDraft, toQuoteInput } from '../../components/document/draft';
import { NotEditable } from '../../components/document/NotEditable';
import { Page } from '../../components/Page';
import { QueryGate } from '../../components/QueryGate';
import { isoDateInDays } from '../../format/dates';
import { currencyExponent } from '../../format/money';

const QUOTES = { label: 'Quotes', to: '/quotes' };

export function QuoteEditorPage() {
  const params = useParams();
  return params.id ? <EditQuote id={Number(params.id)} /> : <NewQuote />;
}

function NewQuote() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const profile = useBusinessProfile();
  // Not awaited: the editor opens at once, and the notes fill in when these arrive.
  const settings = useDocumentSettings();
  const create = useCreateQuote();

  return (
    <QueryGate queries={[profile]} title="New quote" crumbs={[QUOTES]}>
      {() => (
        <Page title="New quote" crumbs={[QUOTES]} testId="quote-editor-page">
          <DocumentEditor<QuoteInput>
            kind="quote"
            initial={newDraft({
              clientId: search.get('client'),
              currency: profile.data!.default_currency,
              taxRateMilli: profile.data!.default_tax_rate_milli,
              validUntil: isoDateInDays(30),
            })}
            defaultNotes={settings.data?.quote_notes ?? ''}
            version={null}
            build={toQuoteInput}
            defaultTaxRateMilli={profile.data!.default_tax_rate_milli}
            submitLabel="Create quote"
            onCancel={() => navigate(-1)}
            onSave={async (input) => {
              const quote = await create.mutateAsync(input);
              notifications.show({ color: 'green', message: `Quote ${quote.number} created.` });
              navigate(`/quotes/${quote.id}`, { replace: true });
            }}
          />
        </Page>
      )}
    </QueryGate>
  );
}

function EditQuote({ id }: { id: number }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const quote = useQuote(id);
  const profile = useBusinessProfile();
  const update = useUpdateQuote();

  return (
    <QueryGate queries={[quote, profile]} title="Edit quote" crumbs={[QUOTES]}>
      {() => {
        const q = quote.data!;
        const crumbs = [QUOTES, { label: q.number, to: `/quotes/${q.id}` }];
        if (q.status !== 'draft') {
          return (
            <Page title={`Edit ${q.number}`} crumbs={crumbs}>
              <NotEditable
                title="Only drafts can be edited"
                backTo={`/quotes/${q.id}`}
                backLabel="Back to the quote"
              >
                This quote has been sent, so its contents are fixed.
              </NotEditable>
            </Page>
          );
        }
        return (
          <Page
            title={`Edit ${q.number}`}
            subtitle={q.client_name}
            crumbs={crumbs}
            testId="quote-editor-page"
          >
            <DocumentEditor<QuoteInput>
              key={q.id}
              kind="quote"
              initial={draftFromDocument(q, currencyExponent(q.currency))}
              version={q.version}
              build={toQuoteInput}
              defaultTaxRateMilli={profile.data!.default_tax_rate_milli}
              submitLabel="Save quote"
              onCancel={() => navigate(`/quotes/${q.id}`)}
              reload={async () => {
                const latest = await unwrap(commands.getQuote(q.id));
                queryClient.setQueryData(keys.quotes.detail(q.id), latest);
                return {
                  draft: draftFromDocument(latest, currencyExponent(latest.currency)),
                  version: latest.version,
                };
              }}
              onSave={async (input, expectedVersion) => {
                await update.mutateAsync({ id: q.id, input, expectedVersion });
                notifications.show({ color: 'green', message: `Quote ${q.number} saved.` });
                navigate(`/quotes/${q.id}`);
              }}
            />
          </Page>
        );
      }}
    </QueryGate>
  );
}
