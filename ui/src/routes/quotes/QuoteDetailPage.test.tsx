import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Quote, QuoteStatus } from '../../bindings';
import { setDisplayTimeZone } from '../../format/dates';
import { setUserLocale } from '../../format/locale';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../test/render';
import { QuoteDetailPage } from './QuoteDetailPage';
import { QuoteEditorPage } from './QuoteEditorPage';

function quote(status: QuoteStatus, extra: Partial<Quote> = {}): Quote {
  return {
    id: 4,
    number: 'QUO-0004',
    client_id: 2,
    client_name: 'Ada Lovelace',
    status,
    currency: 'EUR',
    items: [
      {
        description: 'Workshop',
        quantity_milli: 2000,
        unit_price_minor: 50000,
        tax_rate_milli: 20000,
        line_total_minor: 100000,
      },
    ],
    discount: { kind: 'none' },
    notes: null,
    valid_until: '2030-01-31',
    totals: {
      subtotal_minor: 100000,
      discount_minor: 0,
      tax_minor: 20000,
      total_minor: 120000,
      lines: [100000],
      tax_breakdown: [{ tax_rate_milli: 20000, taxable_minor: 100000, tax_minor: 20000 }],
    },
    invoice_id: null,
    invoice_number: null,
    created_at: '2029-12-01T10:00:00Z',
    updated_at: '2029-12-01T10:00:00Z',
    sent_at: null,
    decided_at: null,
    version: 3,
    ...extra,
  };
}

const open = () =>
  renderWithProviders(<QuoteDetailPage />, { route: '/quotes/4', path: '/quotes/:id' });

describe('QuoteDetailPage', () => {
  it('offers the actions the status allows', async () => {
    const cases: [Quote, string[], string[]][] = [
      [
        quote('draft'),
        ['quote-send', 'quote-edit', 'quote-delete'],
        ['quote-accept', 'quote-convert'],
      ],
      [quote('sent'), ['quote-accept', 'quote-decline'], ['quote-send', 'quote-edit']],
      [quote('accepted'), ['quote-convert'], ['quote-accept', 'quote-invoice-link']],
      [
        quote('accepted', { invoice_id: 8, invoice_number: 'INV-0002' }),
        ['quote-invoice-link'],
        ['quote-convert'],
      ],
      [quote('expired'), [], ['quote-send', 'quote-accept', 'quote-convert']],
    ];
    for (const [q, shown, hidden] of cases) {
      mockBackend({ get_quote: () => q });
      const { unmount } = open();
      expect(await screen.findByTestId('quote-status')).toHaveAttribute('data-status', q.status);
      for (const id of shown) expect(screen.getByTestId(id)).toBeInTheDocument();
      for (const id of hidden) expect(screen.queryByTestId(id)).not.toBeInTheDocument();
      unmount();
    }
  });

  it('shows the totals core computed, formatted', async () => {
    mockBackend({ get_quote: () => quote('sent') });
    open();
    expect(await screen.findByTestId('totals-total')).toHaveTextContent('€1,200.00');
    expect(screen.getByTestId('totals-tax')).toHaveTextContent('€200.00');
  });

  it('sends with the version it shows and reloads on a conflict', async () => {
    let loads = 0;
    const calls = mockBackend({
      get_quote: () => {
        loads += 1;
        return quote('draft');
      },
      send_quote: () => {
        throw wireError('conflict', 'this quote was changed elsewhere');
      },
    });
    open();
    await userEvent.click(await screen.findByTestId('quote-send'));
    expect(await screen.findByText('This quote was changed in another window')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'send_quote')?.args).toEqual({ id: 4, expectedVersion: 3 });
    await waitFor(() => expect(loads).toBeGreaterThan(1));
  });

  it('shows when it was created and sent as days in the chosen time zone', async () => {
    setDisplayTimeZone('Asia/Tokyo');
    mockBackend({
      get_quote: () =>
        quote('sent', { created_at: '2029-11-30T23:30:00Z', sent_at: '2029-12-01T14:30:00Z' }),
    });
    open();
    expect(await screen.findByTestId('quote-created')).toHaveTextContent('Dec 1, 2029');
    expect(screen.getByTestId('quote-sent')).toHaveTextContent('Dec 1, 2029');
  });

  it('shows the quote as sent once the backend has sent it', async () => {
    let stored = quote('draft');
    mockBackend({
      get_quote: () => stored,
      send_quote: () => {
        stored = quote('sent', { sent_at: '2029-12-02T09:00:00Z', version: 4 });
        dataChanged('quotes', 'clients', 'activity', 'dashboard');
        return stored;
      },
    });
    open();
    await userEvent.click(await screen.findByTestId('quote-send'));
    await waitFor(() =>
      expect(screen.getByTestId('quote-status')).toHaveAttribute('data-status', 'sent'),
    );
    expect(screen.getByTestId('quote-accept')).toBeInTheDocument();
    expect(screen.getByTestId('quote-sent')).toHaveTextContent('Dec 2, 2029');
  });

  it.each(['en-US', 'de-DE'])(
    'writes the valid-until day in the editor as on the quote (%s)',
    async (locale) => {
      setUserLocale(locale);
      const q = quote('draft', { valid_until: '2026-12-30' });
      mockBackend({
        get_quote: () => q,
        get_business_profile: () => ({ default_currency: 'EUR', default_tax_rate_milli: 0 }),
        list_clients: () => [],
        list_currencies: () => [{ code: 'EUR', name: 'Euro', minor_units: 2 }],
        compute_totals: () => q.totals,
      });
      const editor = renderWithProviders(<QuoteEditorPage />, {
        route: '/quotes/4/edit',
        path: '/quotes/:id/edit',
      });
      const inEditor = (await screen.findByTestId('valid-until')).textContent;
      editor.unmount();
      open();
      const onPage = (await screen.findByTestId('quote-valid-until')).textContent;
      expect(inEditor).toBe(onPage);
      expect(onPage).toBe(locale === 'en-US' ? 'Dec 30, 2026' : '30.12.2026');
    },
  );
});
