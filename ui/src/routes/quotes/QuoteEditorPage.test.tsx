import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockBackend, pageOf, renderWithProviders } from '../../test/render';
import { QuoteEditorPage } from './QuoteEditorPage';

describe('QuoteEditorPage', () => {
  it('starts a new quote with the quote notes from the settings', async () => {
    mockBackend({
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
      get_document_settings: () => ({
        payment_terms_days: 30,
        quote_notes: 'Valid for 30 days.',
        invoice_notes: 'Pay within 30 days.',
      }),
    });
    renderWithProviders(<QuoteEditorPage />, { route: '/quotes/new', path: '/quotes/new' });
    await waitFor(() => expect(screen.getByTestId('notes')).toHaveValue('Valid for 30 days.'));
  });
});
