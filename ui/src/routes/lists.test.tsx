import { screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientSummary, InvoiceSummary, QuoteSummary } from '../bindings';
import { InvoiceTable } from '../components/DocumentTables';
import { mockBackend, pageOf, renderWithProviders, stubViewport } from '../test/render';
import { ClientsPage } from './clients/ClientsPage';
import { InvoicesPage } from './invoices/InvoicesPage';
import { QuotesPage } from './quotes/QuotesPage';

const LONG_NAME = 'Edith Clarke Engineering and Transmission Line Consultants International';

// A 1024-pixel window less the 220-pixel navbar, the page's padding, the list's border and
// the rows' own padding.
const LIST_WIDTH_AT_1024 = 1024 - 220 - 2 * 32 - 2 - 2 * 16;
const COLUMN_GAP = 12;
const READABLE = 80;

const invoice: InvoiceSummary = {
  id: 1,
  number: 'INV-0001',
  client_id: 3,
  client_name: LONG_NAME,
  status: 'overdue',
  currency: 'EUR',
  total_minor: 123456789,
  issue_date: '2026-11-30',
  due_date: '2026-12-30',
  paid_on: null,
  updated_at: '2026-11-30T10:00:00Z',
  version: 1,
};
const quote: QuoteSummary = {
  id: 1,
  number: 'QUO-0001',
  client_id: 3,
  client_name: LONG_NAME,
  status: 'accepted',
  currency: 'EUR',
  total_minor: 123456789,
  valid_until: '2026-12-30',
  invoice_id: null,
  updated_at: '2026-11-30T10:00:00Z',
  version: 1,
};
const client: ClientSummary = {
  id: 3,
  name: LONG_NAME,
  company: 'Clarke Calculators',
  email: 'edith@example.com',
  phone: null,
  archived: false,
  open_quotes: 1,
  open_invoices: 1,
  version: 1,
};

/** The smallest width each track of a grid template can take, in pixels. */
function minimumWidths(template: string): number[] {
  return template.match(/minmax\([^)]*\)|\S+/g)!.map((track) => {
    const px = /^(?:minmax\()?(\d+)px/.exec(track);
    return px ? Number(px[1]) : 0;
  });
}

const pages: [string, () => ReactElement, Record<string, () => unknown>][] = [
  ['invoices', () => <InvoicesPage />, { list_invoices: () => pageOf([invoice]) }],
  ['quotes', () => <QuotesPage />, { list_quotes: () => pageOf([quote]) }],
  ['clients', () => <ClientsPage />, { list_clients: () => pageOf([client]) }],
];

describe.each(pages)('the %s list at 1024 × 700', (_name, page, backend) => {
  beforeEach(stubViewport);

  it('gives every column a readable width that fits beside the navbar', async () => {
    mockBackend(backend);
    renderWithProviders(page());
    await screen.findByRole('table');
    const header = screen.getAllByRole('row')[0];
    const widths = minimumWidths(header.style.gridTemplateColumns);
    expect(widths.length).toBe(within(header).getAllByRole('columnheader').length);
    for (const width of widths) expect(width).toBeGreaterThanOrEqual(READABLE);
    const needed = widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * (widths.length - 1);
    expect(needed).toBeLessThanOrEqual(LIST_WIDTH_AT_1024);
  });

  it('keeps headers on one line and shows a cut-off name whole on hover', async () => {
    mockBackend(backend);
    renderWithProviders(page());
    await screen.findByRole('table');
    for (const header of screen.getAllByRole('columnheader')) {
      expect(header).toHaveStyle({ whiteSpace: 'nowrap', overflow: 'hidden' });
    }
    const name = within(screen.getAllByRole('row')[1]).getByText(LONG_NAME);
    expect(name).toHaveAttribute('title', LONG_NAME);
  });
});

describe('the short document tables of cards', () => {
  it('keep headers on one line and show a cut-off client whole on hover', () => {
    renderWithProviders(<InvoiceTable invoices={[invoice]} empty={null} />);
    for (const header of screen.getAllByRole('columnheader')) {
      expect(header).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    expect(screen.getByText(LONG_NAME)).toHaveAttribute('title', LONG_NAME);
  });
});
