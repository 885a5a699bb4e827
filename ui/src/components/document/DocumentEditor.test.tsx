import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { QuoteInput, Totals, TotalsInput } from '../../bindings';
import { mockBackend, renderWithProviders, wireError } from '../../test/render';
import { DocumentEditor } from './DocumentEditor';
import { newDraft, toQuoteInput } from './draft';

const clients = [
  {
    id: 7,
    name: 'Ada Lovelace',
    company: 'Engines Ltd',
    email: null,
    phone: null,
    archived: false,
    open_quotes: 0,
    open_invoices: 0,
    version: 1,
  },
];

// Stands in for core: enough arithmetic to tell which integers the editor sent.
function fakeTotals({ input }: { input: TotalsInput }): Totals {
  const lines = input.items.map((i) => Math.round((i.quantity_milli * i.unit_price_minor) / 1000));
  const subtotal = lines.reduce((a, b) => a + b, 0);
  return {
    subtotal_minor: subtotal,
    discount_minor: 0,
    tax_minor: 0,
    total_minor: subtotal,
    lines,
    tax_breakdown: [],
  };
}

function setup(onSave = vi.fn(async () => {})) {
  const calls = mockBackend({
    list_clients: () => clients,
    list_currencies: () => [{ code: 'EUR', name: 'Euro', minor_units: 2 }],
    compute_totals: (_cmd, args) => fakeTotals(args as { input: TotalsInput }),
  });
  renderWithProviders(
    <DocumentEditor<QuoteInput>
      kind="quote"
      initial={newDraft({ clientId: '7', currency: 'EUR', taxRateMilli: 0, validUntil: null })}
      version={null}
      build={toQuoteInput}
      onSave={onSave}
      onCancel={() => {}}
      submitLabel="Create quote"
      defaultTaxRateMilli={0}
    />,
  );
  return { calls, onSave };
}

const type = (testId: string, index: number, text: string) => {
  const input = screen.getAllByTestId(testId)[index];
  fireEvent.change(input, { target: { value: text } });
};

describe('DocumentEditor', () => {
  it('asks core for the totals with integer units and shows what it answers', async () => {
    const { calls } = setup();
    type('line-description', 0, 'Workshop');
    type('line-quantity', 0, '1.5');
    type('line-unit-price', 0, '1,000.50');
    await waitFor(() => expect(screen.getByTestId('totals-total')).toHaveTextContent('€1,500.75'));
    const last = calls.filter((c) => c.cmd === 'compute_totals').at(-1)!;
    expect((last.args.input as TotalsInput).items[0]).toMatchObject({
      quantity_milli: 1500,
      unit_price_minor: 100050,
    });
  });

  it('keeps malformed input on screen with a message and does not save', async () => {
    const { onSave } = setup();
    type('line-description', 0, 'Workshop');
    type('line-unit-price', 0, '12,34,5');
    await userEvent.click(screen.getByTestId('editor-save'));
    expect(screen.getAllByTestId('line-unit-price')[0]).toHaveValue('12,34,5');
    expect(screen.getByText('Unit price must be a number, like 12.5')).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('requires a description before saving', async () => {
    const { onSave } = setup();
    type('line-unit-price', 0, '10');
    await userEvent.click(screen.getByTestId('editor-save'));
    expect(screen.getByText('Describe what this line is for')).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('sends the parsed document and puts a server field error on its input', async () => {
    const onSave = vi.fn(async () => {
      throw wireError('validation', 'the unit price is too large', 'items[0].unit_price_minor');
    });
    setup(onSave);
    type('line-description', 0, 'Workshop');
    type('line-unit-price', 0, '99');
    await userEvent.click(screen.getByTestId('editor-save'));
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({
        client_id: 7,
        currency: 'EUR',
        items: [
          {
            description: 'Workshop',
            quantity_milli: 1000,
            unit_price_minor: 9900,
            tax_rate_milli: 0,
          },
        ],
        discount: { kind: 'none' },
      }),
      0,
    );
    expect(await screen.findByText('The unit price is too large')).toBeInTheDocument();
    // Editing the input clears its server message.
    type('line-unit-price', 0, '98');
    expect(screen.queryByText('The unit price is too large')).not.toBeInTheDocument();
  });

  it('explains a conflict and keeps the edits', async () => {
    const onSave = vi.fn(async () => {
      throw wireError('conflict', 'this quote was changed elsewhere');
    });
    setup(onSave);
    type('line-description', 0, 'My edit');
    type('line-unit-price', 0, '5');
    await userEvent.click(screen.getByTestId('editor-save'));
    expect(await screen.findByText('This quote was changed in another window')).toBeInTheDocument();
    expect(screen.getAllByTestId('line-description')[0]).toHaveValue('My edit');
  });
});
