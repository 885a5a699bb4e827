import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Quote, QuoteStatus } from '../../bindings';
import { setDisplayTimeZone } from '../../format/dates';
import { setUserLocale } from '../../format/locale';
import {
  dataChanged,
  mockBackend,
  pageOf,
  renderWithProviders,
  wireError,
} from '../../test/render';
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
    revises: null,
    revised_by: null,
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

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

/** The quote page, with the editor route it may lead to. */
const openWithEditor = () =>
  renderWithProviders(
    <Routes>
      <Route path="/quotes/:id" element={<QuoteDetailPage />} />
      <Route path="/quotes/:id/edit" element={<Where />} />
    </Routes>,
    { route: '/quotes/4' },
  );

const SAVED = { path: '/home/ada/Documents/Quotla/QUO-0004.pdf', size_bytes: 2048 };

const chooseMore = async (item: string) => {
  await userEvent.click(await screen.findByTestId('document-more'));
  await userEvent.click(await screen.findByTestId(item));
};

// Toasts live in one store for the whole file: beyond the limit they queue, and a test
// would wait for one that an earlier test's toasts hold back.
afterEach(() => notifications.clean());

describe('QuoteDetailPage', () => {
  it('offers the actions the status allows', async () => {
    const cases: [Quote, string[], string[]][] = [
      [
        quote('draft'),
        ['quote-send', 'quote-edit', 'document-email', 'document-more'],
        ['quote-accept', 'quote-convert', 'quote-revise'],
      ],
      [quote('sent'), ['quote-accept', 'quote-decline'], ['quote-send', 'quote-edit']],
      [quote('accepted'), ['quote-convert'], ['quote-accept', 'quote-invoice-link']],
      [
        quote('accepted', { invoice_id: 8, invoice_number: 'INV-0002' }),
        ['quote-invoice-link'],
        ['quote-convert'],
      ],
      [quote('expired'), ['quote-revise'], ['quote-send', 'quote-accept', 'quote-convert']],
      [quote('declined'), ['quote-revise'], ['quote-send', 'quote-accept', 'quote-edit']],
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
        list_clients: () => pageOf([]),
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

  it('lists Delete for a draft in the More menu, and deletes after confirming', async () => {
    const calls = mockBackend({ get_quote: () => quote('draft'), delete_quote: () => null });
    open();
    await chooseMore('quote-delete');
    await userEvent.click(await screen.findByTestId('confirm-action'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'delete_quote')).toBe(true));
  });

  it("saves the PDF where the user chooses, in the user's language", async () => {
    setUserLocale('de-DE');
    const calls = mockBackend({
      get_quote: () => quote('sent'),
      document_file_name: () => 'QUO-0004.pdf',
      'plugin:dialog|save': () => '/home/ada/QUO-0004.pdf',
      save_document_pdf: () => ({ path: '/home/ada/QUO-0004.pdf', size_bytes: 2048 }),
    });
    open();
    await chooseMore('document-pdf');
    expect(await screen.findByText('Saved as QUO-0004.pdf.')).toBeInTheDocument();
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save')?.args.options;
    expect(dialog).toMatchObject({
      defaultPath: 'QUO-0004.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    expect(calls.find((c) => c.cmd === 'save_document_pdf')?.args).toEqual({
      kind: 'quote',
      id: 4,
      path: '/home/ada/QUO-0004.pdf',
      locale: 'de-DE',
    });
  });

  it('writes no PDF when the save dialog is canceled', async () => {
    const calls = mockBackend({
      get_quote: () => quote('sent'),
      document_file_name: () => 'QUO-0004.pdf',
      'plugin:dialog|save': () => null,
    });
    open();
    await chooseMore('document-pdf');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'plugin:dialog|save')).toBe(true));
    expect(calls.some((c) => c.cmd === 'save_document_pdf')).toBe(false);
  });

  it('prints by opening the PDF in the viewer', async () => {
    const calls = mockBackend({ get_quote: () => quote('sent'), print_document: () => SAVED });
    open();
    await userEvent.click(await screen.findByTestId('document-more'));
    await userEvent.hover(await screen.findByTestId('document-print'));
    expect(
      await screen.findByText('Opens the PDF in your PDF viewer to print it'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('document-print'));
    expect(await screen.findByText(/print it from there/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'print_document')?.args).toEqual({
      kind: 'quote',
      id: 4,
      locale: 'en-US',
    });
  });

  it('says why the PDF could not be saved', async () => {
    mockBackend({
      get_quote: () => quote('sent'),
      document_file_name: () => 'QUO-0004.pdf',
      'plugin:dialog|save': () => '/readonly/QUO-0004.pdf',
      save_document_pdf: () => {
        throw wireError('io', 'Permission denied');
      },
    });
    open();
    await chooseMore('document-pdf');
    expect(await screen.findByText('The PDF could not be saved')).toBeInTheDocument();
    expect(screen.getByText('Permission denied')).toBeInTheDocument();
  });

  it('after the e-mail, "It was sent" marks a draft quote as sent', async () => {
    let stored = quote('draft');
    const calls = mockBackend({
      get_quote: () => stored,
      email_document: () => ({
        pdf: SAVED,
        revealed: true,
        to: 'ada@example.com',
        subject: 'Quote QUO-0004',
      }),
      send_quote: () => {
        stored = quote('sent', { sent_at: '2029-12-02T09:00:00Z', version: 4 });
        dataChanged('quotes');
        return stored;
      },
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    const modal = await screen.findByRole('dialog');
    expect(modal).toHaveTextContent('a draft to ada@example.com');
    expect(modal).toHaveTextContent(SAVED.path);
    expect(modal).toHaveTextContent('attach it to the e-mail');
    expect(calls.find((c) => c.cmd === 'email_document')?.args).toEqual({
      kind: 'quote',
      id: 4,
      locale: 'en-US',
    });
    await userEvent.click(within(modal).getByTestId('email-was-sent'));
    await waitFor(() =>
      expect(screen.getByTestId('quote-status')).toHaveAttribute('data-status', 'sent'),
    );
    expect(calls.find((c) => c.cmd === 'send_quote')?.args).toEqual({ id: 4, expectedVersion: 3 });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('"Not yet" leaves the quote a draft', async () => {
    const calls = mockBackend({
      get_quote: () => quote('draft'),
      email_document: () => ({ pdf: SAVED, revealed: false, to: null, subject: 'Quote QUO-0004' }),
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    const modal = await screen.findByRole('dialog');
    expect(modal).toHaveTextContent("no address: add the client's e-mail");
    // The file manager did not answer: the dialog still names the file, and claims nothing.
    expect(modal).toHaveTextContent(SAVED.path);
    expect(modal).not.toHaveTextContent('shown in your file manager');
    await userEvent.click(within(modal).getByTestId('email-not-yet'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.some((c) => c.cmd === 'send_quote')).toBe(false);
    expect(screen.getByTestId('quote-status')).toHaveAttribute('data-status', 'draft');
  });

  it('e-mailing a quote already sent records nothing again', async () => {
    const calls = mockBackend({
      get_quote: () => quote('sent'),
      email_document: () => ({
        pdf: SAVED,
        revealed: true,
        to: 'ada@example.com',
        subject: 'Quote QUO-0004',
      }),
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    await userEvent.click(await screen.findByTestId('email-was-sent'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.some((c) => c.cmd === 'send_quote')).toBe(false);
  });

  it('duplicates into a new draft and opens its editor', async () => {
    const calls = mockBackend({
      get_quote: () => quote('accepted'),
      duplicate_quote: () => quote('draft', { id: 6, number: 'QUO-0006' }),
    });
    openWithEditor();
    await chooseMore('quote-duplicate');
    expect(await screen.findByTestId('where')).toHaveTextContent('/quotes/6/edit');
    expect(calls.find((c) => c.cmd === 'duplicate_quote')?.args).toEqual({ id: 4, revise: false });
  });

  it('revises a declined quote into a new draft that replaces it', async () => {
    const calls = mockBackend({
      get_quote: () => quote('declined'),
      duplicate_quote: () =>
        quote('draft', { id: 7, number: 'QUO-0007', revises: { id: 4, number: 'QUO-0004' } }),
    });
    openWithEditor();
    await userEvent.click(await screen.findByTestId('quote-revise'));
    expect(await screen.findByTestId('where')).toHaveTextContent('/quotes/7/edit');
    expect(calls.find((c) => c.cmd === 'duplicate_quote')?.args).toEqual({ id: 4, revise: true });
    expect(screen.getByText('QUO-0007 revises QUO-0004')).toBeInTheDocument();
  });

  it('offers Revise for a sent quote in the More menu', async () => {
    const calls = mockBackend({
      get_quote: () => quote('sent'),
      duplicate_quote: () => quote('draft', { id: 7, number: 'QUO-0007' }),
    });
    openWithEditor();
    await chooseMore('quote-revise');
    expect(await screen.findByTestId('where')).toHaveTextContent('/quotes/7/edit');
    expect(calls.find((c) => c.cmd === 'duplicate_quote')?.args).toEqual({ id: 4, revise: true });
  });

  it('links to the quote it revises and to its newer version', async () => {
    mockBackend({
      get_quote: () =>
        quote('declined', {
          revises: { id: 3, number: 'QUO-0003' },
          revised_by: { id: 5, number: 'QUO-0005' },
        }),
    });
    open();
    const revises = await screen.findByTestId('quote-revises');
    expect(revises).toHaveTextContent('Revises QUO-0003');
    expect(within(revises).getByRole('link', { name: 'QUO-0003' })).toHaveAttribute(
      'href',
      '/quotes/3',
    );
    const revisedBy = screen.getByTestId('quote-revised-by');
    expect(revisedBy).toHaveTextContent('Revised by QUO-0005');
    expect(within(revisedBy).getByRole('link', { name: 'QUO-0005' })).toHaveAttribute(
      'href',
      '/quotes/5',
    );
  });
});
