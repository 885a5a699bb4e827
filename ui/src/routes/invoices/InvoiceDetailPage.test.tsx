import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invoice, InvoiceStatus } from '../../bindings';
import { dataChanged, mockBackend, renderWithProviders } from '../../test/render';
import { InvoiceDetailPage } from './InvoiceDetailPage';

function invoice(status: InvoiceStatus, extra: Partial<Invoice> = {}): Invoice {
  return {
    id: 8,
    number: status === 'draft' ? null : 'INV-0003',
    client_id: 2,
    client_name: 'Ada Lovelace',
    status,
    currency: 'EUR',
    items: [
      {
        description: 'Workshop',
        quantity_milli: 1000,
        unit_price_minor: 50000,
        tax_rate_milli: 0,
        line_total_minor: 50000,
      },
    ],
    discount: { kind: 'none' },
    notes: null,
    issue_date: '2029-12-01',
    due_date: '2029-12-31',
    paid_on: null,
    totals: {
      subtotal_minor: 50000,
      discount_minor: 0,
      tax_minor: 0,
      total_minor: 50000,
      lines: [50000],
      tax_breakdown: [],
    },
    quote_id: null,
    quote_number: null,
    created_at: '2029-12-01T10:00:00Z',
    updated_at: '2029-12-01T10:00:00Z',
    issued_at: status === 'draft' ? null : '2029-12-01T10:00:00Z',
    sent_at: null,
    voided_at: status === 'void' ? '2029-12-05T10:00:00Z' : null,
    version: 2,
    ...extra,
  };
}

const SAVED = { path: '/home/ada/Documents/Quotla/INV-0003.pdf', size_bytes: 2048 };
const PREPARED = { pdf: SAVED, revealed: true, to: 'ada@example.com', subject: 'Invoice INV-0003' };

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

const open = () =>
  renderWithProviders(
    <Routes>
      <Route path="/invoices/:id" element={<InvoiceDetailPage />} />
      <Route path="/invoices/:id/edit" element={<Where />} />
    </Routes>,
    { route: '/invoices/8' },
  );

// Toasts live in one store for the whole file: beyond the limit they queue, and a test
// would wait for one that an earlier test's toasts hold back.
afterEach(() => notifications.clean());

describe('InvoiceDetailPage', () => {
  it('shows an issued invoice as Issued, with Mark as sent', async () => {
    let stored = invoice('issued');
    const calls = mockBackend({
      get_invoice: () => stored,
      mark_invoice_sent: () => {
        stored = invoice('sent', { sent_at: '2029-12-02T09:00:00Z', version: 3 });
        dataChanged('invoices');
        return stored;
      },
    });
    open();
    expect(await screen.findByTestId('invoice-status')).toHaveTextContent('Issued');
    await userEvent.click(screen.getByTestId('invoice-mark-sent'));
    await waitFor(() =>
      expect(screen.getByTestId('invoice-status')).toHaveAttribute('data-status', 'sent'),
    );
    expect(calls.find((c) => c.cmd === 'mark_invoice_sent')?.args).toEqual({
      id: 8,
      expectedVersion: 2,
    });
    expect(screen.getByTestId('invoice-sent')).toHaveTextContent('Dec 2, 2029');
    expect(screen.queryByTestId('invoice-mark-sent')).not.toBeInTheDocument();
  });

  it('offers Mark as sent for an overdue invoice nobody confirmed sending', async () => {
    mockBackend({ get_invoice: () => invoice('overdue') });
    const { unmount } = open();
    expect(await screen.findByTestId('invoice-mark-sent')).toBeInTheDocument();
    unmount();
    mockBackend({
      get_invoice: () => invoice('overdue', { sent_at: '2029-12-02T09:00:00Z' }),
    });
    open();
    expect(await screen.findByTestId('invoice-mark-paid')).toBeInTheDocument();
    expect(screen.queryByTestId('invoice-mark-sent')).not.toBeInTheDocument();
  });

  it('after the e-mail, "It was sent" marks an issued invoice as sent', async () => {
    let stored = invoice('issued');
    const calls = mockBackend({
      get_invoice: () => stored,
      email_document: () => PREPARED,
      mark_invoice_sent: () => {
        stored = invoice('sent', { sent_at: '2029-12-02T09:00:00Z', version: 3 });
        dataChanged('invoices');
        return stored;
      },
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    const modal = await screen.findByRole('dialog');
    expect(modal).toHaveTextContent('a draft to ada@example.com');
    expect(modal).toHaveTextContent(SAVED.path);
    expect(calls.find((c) => c.cmd === 'email_document')?.args).toEqual({
      kind: 'invoice',
      id: 8,
      locale: 'en-US',
    });
    await userEvent.click(within(modal).getByTestId('email-was-sent'));
    await waitFor(() =>
      expect(screen.getByTestId('invoice-status')).toHaveAttribute('data-status', 'sent'),
    );
    expect(calls.find((c) => c.cmd === 'mark_invoice_sent')?.args).toEqual({
      id: 8,
      expectedVersion: 2,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('"Not yet" leaves the invoice unsent', async () => {
    const calls = mockBackend({
      get_invoice: () => invoice('issued'),
      email_document: () => PREPARED,
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    await userEvent.click(await screen.findByTestId('email-not-yet'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.some((c) => c.cmd === 'mark_invoice_sent')).toBe(false);
    expect(screen.getByTestId('invoice-mark-sent')).toBeInTheDocument();
  });

  it('e-mailing an invoice already sent records nothing again', async () => {
    const calls = mockBackend({
      get_invoice: () => invoice('sent', { sent_at: '2029-12-02T09:00:00Z' }),
      email_document: () => PREPARED,
    });
    open();
    await userEvent.click(await screen.findByTestId('document-email'));
    await userEvent.click(await screen.findByTestId('email-was-sent'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.some((c) => c.cmd === 'mark_invoice_sent')).toBe(false);
  });

  it('does not e-mail a draft, and says it must be issued first', async () => {
    const calls = mockBackend({ get_invoice: () => invoice('draft') });
    open();
    const button = await screen.findByTestId('document-email');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    await userEvent.hover(button);
    expect(await screen.findByText(/Issue the invoice first/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'email_document')).toBe(false);
  });

  it("prints and saves the PDF in the user's locale", async () => {
    const calls = mockBackend({
      get_invoice: () => invoice('paid', { paid_on: '2029-12-20' }),
      print_document: () => SAVED,
      document_file_name: () => 'INV-0003.pdf',
      'plugin:dialog|save': () => '/home/ada/INV-0003.pdf',
      save_document_pdf: () => ({ path: '/home/ada/INV-0003.pdf', size_bytes: 1 }),
    });
    open();
    await userEvent.click(await screen.findByTestId('document-more'));
    await userEvent.click(await screen.findByTestId('document-print'));
    await userEvent.click(await screen.findByTestId('document-more'));
    await userEvent.click(await screen.findByTestId('document-pdf'));
    expect(await screen.findByText('Saved as INV-0003.pdf.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'print_document')?.args).toEqual({
      kind: 'invoice',
      id: 8,
      locale: 'en-US',
    });
    expect(calls.find((c) => c.cmd === 'save_document_pdf')?.args).toMatchObject({
      kind: 'invoice',
      id: 8,
      locale: 'en-US',
    });
  });

  it('points a void invoice at Duplicate, which opens the new draft', async () => {
    const calls = mockBackend({
      get_invoice: () => invoice('void'),
      duplicate_invoice: () => invoice('draft', { id: 12 }),
    });
    open();
    expect(await screen.findByTestId('invoice-locked')).toHaveTextContent('use Duplicate');
    await userEvent.click(screen.getByTestId('invoice-duplicate'));
    expect(await screen.findByTestId('where')).toHaveTextContent('/invoices/12/edit');
    expect(calls.find((c) => c.cmd === 'duplicate_invoice')?.args).toEqual({ id: 8 });
  });

  it('duplicates an issued invoice from the More menu', async () => {
    mockBackend({
      get_invoice: () => invoice('issued'),
      duplicate_invoice: () => invoice('draft', { id: 13 }),
    });
    open();
    await userEvent.click(await screen.findByTestId('document-more'));
    await userEvent.click(await screen.findByTestId('invoice-duplicate'));
    expect(await screen.findByTestId('where')).toHaveTextContent('/invoices/13/edit');
  });
});
