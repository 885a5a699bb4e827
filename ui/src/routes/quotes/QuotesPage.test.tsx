import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuoteFilter, QuoteSummary } from '../../bindings';
import { mockBackend, pageOf, renderWithProviders, stubViewport } from '../../test/render';
import { QuotesPage } from './QuotesPage';

const quote = (id: number): QuoteSummary => ({
  id,
  number: `QUO-${String(id).padStart(5, '0')}`,
  client_id: 1,
  client_name: 'Ada Lovelace',
  status: 'sent',
  currency: 'EUR',
  total_minor: 1000,
  valid_until: null,
  invoice_id: null,
  updated_at: '2030-03-01T00:00:00Z',
  version: 1,
});

const firstPage = Array.from({ length: 100 }, (_, i) => quote(i + 1));
const next = { key: '2030-03-01T00:00:00Z', id: 100 };

describe('QuotesPage', () => {
  beforeEach(stubViewport);

  it('counts every quote in the subtitle, not the page read so far', async () => {
    const calls = mockBackend({ list_quotes: () => pageOf(firstPage, 50_000, next) });
    renderWithProviders(<QuotesPage />);
    await screen.findAllByTestId('quote-row');
    expect(screen.getByText('50,000 quotes')).toBeInTheDocument();
    expect(screen.getByTestId('quote-list')).toHaveAttribute('aria-rowcount', '50000');
    expect(calls.at(-1)?.args.page).toEqual({ after: null, limit: 100 });
  });

  it('counts the matches of a filter', async () => {
    const calls = mockBackend({
      list_quotes: (_c, args) =>
        (args.filter as QuoteFilter).status === 'sent'
          ? pageOf(firstPage, 1234, next)
          : pageOf(firstPage, 50_000, next),
    });
    renderWithProviders(<QuotesPage />, { route: '/?status=sent' });
    expect(await screen.findByText('1,234 matching')).toBeInTheDocument();
    expect(calls.at(-1)?.args.filter).toMatchObject({ status: 'sent' });
  });

  it('invites to write the first quote when the whole list is empty', async () => {
    mockBackend({ list_quotes: () => pageOf([], 0) });
    renderWithProviders(<QuotesPage />);
    expect(await screen.findByTestId('empty-new-quote')).toBeInTheDocument();
  });
});
