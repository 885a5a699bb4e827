import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDisplayTimeZone } from '../../format/dates';
import type { QuoteInput, Totals, TotalsInput } from '../../bindings';
import { mockBackend, pageOf, renderWithProviders, wireError } from '../../test/render';
import { DocumentEditor, TOTALS_DEBOUNCE_MS } from './DocumentEditor';
import { blankLine, newDraft, toQuoteInput, type DocumentDraft, type LineDraft } from './draft';

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

function setup(
  onSave = vi.fn(async () => {}),
  draft: Partial<DocumentDraft> = {},
  wrap: (editor: ReactElement) => ReactElement = (editor) => editor,
) {
  const calls = mockBackend({
    list_clients: () => pageOf(clients),
    list_currencies: () => [{ code: 'EUR', name: 'Euro', minor_units: 2 }],
    compute_totals: (_cmd, args) => fakeTotals(args as { input: TotalsInput }),
  });
  renderWithProviders(
    wrap(
      <DocumentEditor<QuoteInput>
        kind="quote"
        initial={{
          ...newDraft({ clientId: '7', currency: 'EUR', taxRateMilli: 0, validUntil: null }),
          ...draft,
        }}
        version={null}
        build={toQuoteInput}
        onSave={onSave}
        onCancel={() => {}}
        submitLabel="Create quote"
        defaultTaxRateMilli={0}
      />,
    ),
  );
  return { calls, onSave };
}

const filledLine = (n: number): LineDraft => ({
  ...blankLine(0),
  description: `Item ${n}`,
  unitPrice: '10',
});

const totalsCalls = (calls: { cmd: string }[]) =>
  calls.filter((c) => c.cmd === 'compute_totals').length;

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

  it('marks a wrong quantity as it is typed and says the totals are not current', async () => {
    setup(undefined, { lines: [filledLine(1), filledLine(2)] });
    await waitFor(() => expect(screen.getByTestId('totals-total')).toHaveTextContent('€20.00'));
    type('line-quantity', 1, '0');
    expect(screen.getAllByTestId('line-quantity')[1]).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByTestId('line-quantity')[0]).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('totals-outdated')).toHaveTextContent(
      'Not up to date — fix the highlighted fields',
    );
    expect(screen.getByTestId('totals-problem')).toHaveTextContent(
      'Line 2: quantity must be at least 0.001.',
    );
    // The last total stays for reference, but struck through rather than in bold.
    expect(screen.getByTestId('totals-total')).toHaveStyle({ textDecoration: 'line-through' });
    type('line-quantity', 1, '2');
    expect(screen.queryByTestId('totals-outdated')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('totals-total')).toHaveTextContent('€30.00'));
  });

  it('names the discount, not a line, when the discount is what cannot be read', async () => {
    setup(undefined, {
      lines: [filledLine(1)],
      discountKind: 'percent',
      discountValue: 'ten',
    });
    expect(screen.getByTestId('discount-value')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('totals-problem')).toHaveTextContent(
      'The discount must be a number, like 12.5.',
    );
  });

  it('does not mark a new blank line, but says what the totals wait for', () => {
    setup();
    expect(screen.getByTestId('line-unit-price')).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('totals-outdated')).toHaveTextContent(/^Not up to date$/);
    expect(screen.getByTestId('totals-problem')).toHaveTextContent(
      'Line 1: unit price is required.',
    );
  });

  describe('valid until', () => {
    afterEach(() => vi.useRealTimers());

    const passed = "This date has passed: the quote can't be sent until you pick a later date.";

    it("warns at once about a date that has passed in the user's time zone", () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      // 20:00 UTC on 31 January is already 1 February in Tokyo.
      vi.setSystemTime(new Date('2030-01-31T20:00:00Z'));
      setDisplayTimeZone('Asia/Tokyo');
      setup(undefined, { validUntil: '2030-01-31' });
      expect(screen.getByTestId('valid-until-passed')).toHaveTextContent(passed);
    });

    it('says nothing about today or a later day', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-31T20:00:00Z'));
      setDisplayTimeZone('UTC');
      setup(undefined, { validUntil: '2030-01-31' });
      expect(screen.queryByText(passed)).not.toBeInTheDocument();
    });
  });

  describe('with 200 lines', () => {
    const lines = () => Array.from({ length: 200 }, (_, i) => filledLine(i + 1));

    it('asks for the totals once after a burst of typing', async () => {
      const { calls } = setup(undefined, { lines: lines() });
      await waitFor(() =>
        expect(screen.getByTestId('totals-total')).toHaveTextContent('€2,000.00'),
      );
      const before = totalsCalls(calls);
      for (const text of ['1', '12', '123', '1234', '12345']) type('line-unit-price', 99, text);
      await waitFor(() =>
        expect(screen.getByTestId('totals-total')).toHaveTextContent('€14,335.00'),
      );
      await new Promise((resolve) => setTimeout(resolve, TOTALS_DEBOUNCE_MS * 2));
      expect(totalsCalls(calls) - before).toBe(1);
    }, 30_000);

    it('re-renders only a small part of the editor per keystroke', async () => {
      const commits: { phase: string; actual: number; base: number }[] = [];
      setup(undefined, { lines: lines() }, (editor) => (
        <Profiler
          id="editor"
          onRender={(_id, phase, actual, base) => commits.push({ phase, actual, base })}
        >
          {editor}
        </Profiler>
      ));
      await waitFor(() =>
        expect(screen.getByTestId('totals-total')).toHaveTextContent('€2,000.00'),
      );
      commits.length = 0;
      type('line-description', 120, 'Item 121, revised');
      type('line-quantity', 120, '3');
      await waitFor(() =>
        expect(screen.getByTestId('totals-total')).toHaveTextContent('€2,020.00'),
      );
      expect(commits.length).toBeGreaterThan(0);
      // `base` is what rendering the whole editor costs; a keystroke must cost a fraction of it.
      for (const commit of commits) expect(commit.actual).toBeLessThan(commit.base * 0.25);
    }, 30_000);
  });
});
