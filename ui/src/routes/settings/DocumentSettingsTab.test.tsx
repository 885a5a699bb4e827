import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DocumentSettings } from '../../bindings';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../test/render';
import { DocumentSettingsTab } from './DocumentSettingsTab';

const stored: DocumentSettings = {
  payment_terms_days: 30,
  quote_prefix: 'QUO-',
  invoice_prefix: 'INV-',
  next_quote_number: 12,
  next_invoice_number: 41,
  quote_notes: null,
  invoice_notes: null,
  paper_size: 'a4',
  email_subject: 'Your {document} {number}',
  email_body: 'Dear {client},\n\nplease find attached {document} {number}.',
};

const field = (testId: string) => screen.getByTestId(testId);
const type = (testId: string, value: string) =>
  fireEvent.change(field(testId), { target: { value } });

async function open() {
  renderWithProviders(<DocumentSettingsTab />);
  await screen.findByTestId('documents-form');
}

describe('DocumentSettingsTab', () => {
  it('shows what the next quote and invoice will be called as the user types', async () => {
    mockBackend({ get_document_settings: () => stored });
    await open();
    expect(field('documents-next-quote-preview')).toHaveTextContent('Next: QUO-0012');
    expect(field('documents-next-invoice-preview')).toHaveTextContent('Next: INV-0041');
    type('documents-invoice-prefix', '2026/');
    type('documents-next-invoice', '42');
    expect(field('documents-next-invoice-preview')).toHaveTextContent('Next: 2026/0042');
  });

  it('saves the changed settings and lists the e-mail placeholders', async () => {
    const calls = mockBackend({
      get_document_settings: () => stored,
      update_document_settings: (_c, args) => {
        dataChanged('settings');
        return args.settings;
      },
    });
    await open();
    expect(field('placeholders')).toHaveTextContent('{due_date}');
    expect(field('documents-save')).toBeDisabled();
    type('documents-payment-terms', '14');
    type('documents-invoice-notes', 'Thank you for your business.');
    await userEvent.click(screen.getByRole('radio', { name: 'US Letter' }));
    await userEvent.click(field('documents-save'));
    expect(await screen.findByText('Document settings saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'update_document_settings')?.args.settings).toEqual({
      ...stored,
      payment_terms_days: 14,
      invoice_notes: 'Thank you for your business.',
      paper_size: 'letter',
    });
    expect(field('documents-save')).toBeDisabled();
  });

  it('follows the counters when a document is numbered meanwhile', async () => {
    let current = stored;
    const calls = mockBackend({
      get_document_settings: () => current,
      update_document_settings: (_c, args) => args.settings,
    });
    await open();
    // Untouched, the form shows the new number at once.
    current = { ...stored, next_quote_number: 13 };
    dataChanged('settings');
    await waitFor(() =>
      expect(field('documents-next-quote-preview')).toHaveTextContent('Next: QUO-0013'),
    );
    // While the notes are being edited, another quote is created: saving keeps its number.
    type('documents-quote-notes', 'Prices include delivery.');
    current = { ...stored, next_quote_number: 14 };
    dataChanged('settings');
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'get_document_settings').length).toBe(3),
    );
    await userEvent.click(field('documents-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'update_document_settings')?.args.settings).toEqual({
        ...stored,
        next_quote_number: 14,
        quote_notes: 'Prices include delivery.',
      }),
    );
  });

  it('puts a refusal from the backend under the input it names', async () => {
    mockBackend({
      get_document_settings: () => stored,
      update_document_settings: () => {
        throw wireError(
          'validation',
          'The next invoice number cannot go below 43: number 42 is already taken.',
          'next_invoice_number',
        );
      },
    });
    await open();
    type('documents-next-invoice', '42');
    await userEvent.click(field('documents-save'));
    expect(
      await screen.findByText(
        'The next invoice number cannot go below 43: number 42 is already taken.',
      ),
    ).toBeInTheDocument();
    expect(field('documents-next-invoice')).toHaveAttribute('aria-invalid', 'true');
    expect(field('documents-next-invoice')).toHaveValue('42');
  });

  it('refuses a next number lower than the current one without asking the backend', async () => {
    const calls = mockBackend({ get_document_settings: () => stored });
    await open();
    type('documents-next-quote', '5');
    type('documents-payment-terms', '400');
    await userEvent.click(field('documents-save'));
    expect(
      screen.getByText('It cannot go below 12: lower numbers may already be taken'),
    ).toBeInTheDocument();
    expect(screen.getByText('Enter a whole number of days from 0 to 365')).toBeInTheDocument();
    expect(field('documents-payment-terms')).toHaveValue('400 days');
    expect(calls.map((c) => c.cmd)).not.toContain('update_document_settings');
  });
});
