import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ClientDetail, ClientFilter, ClientSummary } from '../bindings';
import { mockBackend, pageOf, renderWithProviders } from '../test/render';
import { ClientSelect } from './ClientSelect';

const summary = (id: number, name: string, company: string | null = null): ClientSummary => ({
  id,
  name,
  company,
  email: null,
  phone: null,
  archived: false,
  open_quotes: 0,
  open_invoices: 0,
  version: 1,
});
const ada = summary(1, 'Ada Lovelace');
const grace = summary(2, 'Grace Hopper', 'US Navy');

/** A form holding the choice, as the editors do. */
function Form({ initial = null, onChange }: { initial?: string | null; onChange?: () => void }) {
  const [value, setValue] = useState(initial);
  return (
    <ClientSelect
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.();
      }}
    />
  );
}

const searches = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls
    .filter((c) => c.cmd === 'list_clients')
    .map((c) => (c.args.filter as ClientFilter).search ?? null);

describe('ClientSelect', () => {
  it('searches on the backend once typing pauses and shows what it found', async () => {
    const calls = mockBackend({
      list_clients: (_c, args) =>
        // Core matches e-mail addresses too: the label need not contain the search.
        (args.filter as ClientFilter).search === 'hopper@navy.mil'
          ? pageOf([grace])
          : pageOf([ada], 10_000),
    });
    renderWithProviders(<Form />);
    await waitFor(() => expect(searches(calls)).toEqual([null]));
    expect(calls[0].args).toEqual({
      filter: { search: null, include_archived: false },
      page: { limit: 50 },
    });
    await userEvent.type(screen.getByTestId('client-select'), 'hopper@navy.mil');
    expect(await screen.findByText('Grace Hopper · US Navy')).toBeInTheDocument();
    expect(screen.queryByText('Ada Lovelace')).toBeNull();
    // One search for the whole word, not one per letter.
    expect(searches(calls)).toEqual([null, 'hopper@navy.mil']);
  });

  it('keeps the chosen client named when the matches no longer include it', async () => {
    const onChange = vi.fn();
    const calls = mockBackend({
      list_clients: (_c, args) =>
        (args.filter as ClientFilter).search === 'Gra' ? pageOf([grace]) : pageOf([ada], 10_000),
    });
    renderWithProviders(<Form onChange={onChange} />);
    const input = screen.getByTestId('client-select');
    await userEvent.type(input, 'Gra');
    await userEvent.click(await screen.findByText('Grace Hopper · US Navy'));
    expect(onChange).toHaveBeenCalledTimes(1);
    // The box shows the label, and the list goes back to the first clients, without Grace.
    await waitFor(() => expect(searches(calls).at(-1)).toBeNull());
    await new Promise((settle) => setTimeout(settle, 200));
    expect(input).toHaveValue('Grace Hopper · US Navy');
    expect(searches(calls)).not.toContain('Grace Hopper · US Navy');
  });

  it('names a client chosen before that is not among the first matches', async () => {
    const zoe: ClientDetail = {
      client: {
        id: 9,
        name: 'Zoë Müller',
        company: null,
        email: null,
        phone: null,
        address: null,
        notes: null,
        tax_number: null,
        archived: false,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        version: 1,
      },
      quotes: pageOf([]),
      invoices: pageOf([]),
      activity: pageOf([]),
    };
    const calls = mockBackend({ list_clients: () => pageOf([ada], 10_000), get_client: () => zoe });
    renderWithProviders(<Form initial="9" />);
    await waitFor(() => expect(screen.getByTestId('client-select')).toHaveValue('Zoë Müller'));
    expect(calls.find((c) => c.cmd === 'get_client')?.args).toEqual({ id: 9 });
    expect(searches(calls)).toEqual([null]);
  });

  it('says when the first clients load and when nothing matches', async () => {
    let answer = (_page: unknown) => {};
    mockBackend({
      list_clients: (_c, args) =>
        (args.filter as ClientFilter).search
          ? pageOf([])
          : new Promise((resolve) => (answer = resolve)),
    });
    renderWithProviders(<Form />);
    const input = screen.getByTestId('client-select');
    expect(input).toHaveAttribute('placeholder', 'Loading clients…');
    answer(pageOf([ada]));
    await waitFor(() => expect(input).toHaveAttribute('placeholder', 'Choose a client'));
    await userEvent.type(input, 'zzz');
    expect(await screen.findByText('No client matches')).toBeInTheDocument();
  });
});
