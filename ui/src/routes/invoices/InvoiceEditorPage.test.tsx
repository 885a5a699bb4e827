import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DocumentSettings } from '../../bindings';
import { formatDate, isoDateInDays } from '../../format/dates';
import { mockBackend, pageOf, renderWithProviders } from '../../test/render';
import { InvoiceEditorPage } from './InvoiceEditorPage';

const SETTINGS: DocumentSettings = {
  payment_terms_days: 30,
  quote_prefix: 'QUO-',
  invoice_prefix: 'INV-',
  next_quote_number: 1,
  next_invoice_number: 1,
  quote_notes: 'Valid for 30 days.',
  invoice_notes: 'Pay to IBAN DE00 1234.',
  paper_size: 'a4',
  email_subject: '{document} {number}',
  email_body: 'Hello {client}',
};

const EDITOR_BACKEND = {
  get_business_profile: () => ({ default_currency: 'EUR', default_tax_rate_milli: 0 }),
  list_clients: () => pageOf([]),
  list_currencies: () => [{ code: 'EUR', name: 'Euro', minor_units: 2 }],
  compute_totals: () => ({
    subtotal_minor: 0,
    discount_minor: 0,
    tax_minor: 0,
    total_minor: 0,
    lines: [0],
    tax_breakdown: [],
  }),
};

const openNew = () =>
  renderWithProviders(<InvoiceEditorPage />, { route: '/invoices/new', path: '/invoices/new' });

describe('InvoiceEditorPage', () => {
  it('makes a new invoice due after the payment terms, with the invoice notes', async () => {
    mockBackend({ ...EDITOR_BACKEND, get_document_settings: () => SETTINGS });
    openNew();
    await waitFor(() =>
      expect(screen.getByTestId('due-date')).toHaveTextContent(formatDate(isoDateInDays(30))),
    );
    expect(screen.getByTestId('notes')).toHaveValue('Pay to IBAN DE00 1234.');
  });

  it('opens at once with 14 days, and keeps notes typed before the settings arrive', async () => {
    let deliver: (settings: DocumentSettings) => void = () => {};
    mockBackend({
      ...EDITOR_BACKEND,
      get_document_settings: () => new Promise((resolve) => (deliver = resolve)),
    });
    openNew();
    const notes = await screen.findByTestId('notes');
    expect(screen.getByTestId('due-date')).toHaveTextContent(formatDate(isoDateInDays(14)));
    await userEvent.type(notes, 'Thanks!');
    deliver(SETTINGS);
    await waitFor(() =>
      expect(screen.getByTestId('due-date')).toHaveTextContent(formatDate(isoDateInDays(30))),
    );
    expect(notes).toHaveValue('Thanks!');
  });

  it('keeps the notes of an invoice being edited', async () => {
    const draft = {
      id: 8,
      number: null,
      client_id: 2,
      client_name: 'Ada Lovelace',
      status: 'draft',
      currency: 'EUR',
      items: [
        {
          description: 'Workshop',
          quantity_milli: 1000,
          unit_price_minor: 100,
          tax_rate_milli: 0,
          line_total_minor: 100,
        },
      ],
      discount: { kind: 'none' },
      notes: null,
      issue_date: '2029-12-01',
      due_date: '2029-12-08',
      version: 1,
    };
    mockBackend({
      ...EDITOR_BACKEND,
      get_invoice: () => draft,
      get_document_settings: () => SETTINGS,
    });
    renderWithProviders(<InvoiceEditorPage />, {
      route: '/invoices/8/edit',
      path: '/invoices/:id/edit',
    });
    expect(await screen.findByTestId('notes')).toHaveValue('');
    expect(screen.getByTestId('due-date')).toHaveTextContent(formatDate('2029-12-08'));
  });
});
