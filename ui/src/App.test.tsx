import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RESOURCE_NAMES } from './api/keys';
import { App } from './App';
import type { AppContext, Quote } from './bindings';
import { dataChanged, mockBackend, wireError, type IpcHandler } from './test/render';

const quote: Quote = {
  id: 4,
  number: 'QUO-0004',
  client_id: 2,
  client_name: 'Ada Lovelace',
  status: 'draft',
  currency: 'EUR',
  items: [],
  discount: { kind: 'none' },
  notes: null,
  valid_until: null,
  totals: {
    subtotal_minor: 0,
    discount_minor: 0,
    tax_minor: 0,
    total_minor: 0,
    lines: [],
    tax_breakdown: [],
  },
  invoice_id: null,
  invoice_number: null,
  revises: null,
  revised_by: null,
  // Still 30 November in UTC, already 1 December in Tokyo.
  created_at: '2029-11-30T23:30:00Z',
  updated_at: '2029-11-30T23:30:00Z',
  sent_at: null,
  decided_at: null,
  version: 1,
};

const tokyo: AppContext = {
  time_zone: 'Asia/Tokyo',
  time_zone_source: 'setting',
  today: '2029-12-01',
};

function openQuote(getAppContext: IpcHandler) {
  mockBackend({
    get_app_context: getAppContext,
    get_quote: () => quote,
    take_notices: () => [],
  });
  window.location.hash = '#/quotes/4';
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<App queryClient={queryClient} />);
}

describe('App', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('shows dates in the time zone the backend works in', async () => {
    openQuote(() => tokyo);
    expect(await screen.findByTestId('quote-created')).toHaveTextContent('Dec 1, 2029');
  });

  it('shows dates again when the time zone is changed in another window', async () => {
    let context = tokyo;
    openQuote(() => context);
    expect(await screen.findByTestId('quote-created')).toHaveTextContent('Dec 1, 2029');
    context = { ...tokyo, time_zone: 'America/New_York', today: '2029-11-30' };
    dataChanged(...RESOURCE_NAMES);
    await waitFor(() =>
      expect(screen.getByTestId('quote-created')).toHaveTextContent('Nov 30, 2029'),
    );
  });

  it('still opens screens when the time zone cannot be loaded', async () => {
    openQuote(() => {
      throw wireError('database', 'database error: file is not a database');
    });
    expect(await screen.findByTestId('quote-created')).toHaveTextContent('Nov 30, 2029');
  });
});
