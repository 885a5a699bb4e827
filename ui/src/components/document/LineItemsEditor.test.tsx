import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { blankLine, type LineDraft } from './draft';
import { LineItemsEditor } from './LineItemsEditor';

function Harness({ initial }: { initial: LineDraft[] }) {
  const [lines, setLines] = useState(initial);
  return (
    <LineItemsEditor
      lines={lines}
      onLinesChange={(update) => setLines(update)}
      currency="EUR"
      errors={{ 'items[1].unit_price_minor': 'Unit price must be a number, like 12.5' }}
      lineTotals={[150000, 2500]}
      defaultTaxRateMilli={19000}
    />
  );
}

const line = (description: string): LineDraft => ({ ...blankLine(19000), description });

const descriptions = () =>
  screen.getAllByTestId('line-description').map((el) => (el as HTMLInputElement).value);

describe('LineItemsEditor', () => {
  it('adds a line with the default tax rate and a quantity of one', async () => {
    renderWithProviders(<Harness initial={[line('Design')]} />);
    await userEvent.click(screen.getByTestId('add-line'));
    expect(screen.getAllByTestId('line-item-row')).toHaveLength(2);
    expect(screen.getAllByTestId('line-tax-rate')[1]).toHaveValue('19');
    expect(screen.getAllByTestId('line-quantity')[1]).toHaveValue('1');
  });

  it('removes a line but never the last one', async () => {
    renderWithProviders(<Harness initial={[line('Design'), line('Build')]} />);
    await userEvent.click(screen.getAllByTestId('line-remove')[0]);
    expect(descriptions()).toEqual(['Build']);
    expect(screen.getByTestId('line-remove')).toBeDisabled();
  });

  it('reorders lines with the move buttons', async () => {
    renderWithProviders(<Harness initial={[line('Design'), line('Build'), line('Ship')]} />);
    await userEvent.click(screen.getAllByTestId('line-move-down')[0]);
    expect(descriptions()).toEqual(['Build', 'Design', 'Ship']);
    await userEvent.click(screen.getAllByTestId('line-move-up')[2]);
    expect(descriptions()).toEqual(['Build', 'Ship', 'Design']);
    expect(screen.getAllByTestId('line-move-up')[0]).toBeDisabled();
    expect(screen.getAllByTestId('line-move-down')[2]).toBeDisabled();
  });

  it('shows the amounts core computed and the error of each input', () => {
    renderWithProviders(<Harness initial={[line('Design'), line('Build')]} />);
    const amounts = screen.getAllByTestId('line-amount').map((el) => el.textContent);
    expect(amounts).toEqual(['€1,500.00', '€25.00']);
    expect(screen.getByText('Unit price must be a number, like 12.5')).toBeInTheDocument();
  });
});
