import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Client } from '../../bindings';
import { mockBackend, renderWithProviders, wireError } from '../../test/render';
import { ClientFormModal } from './ClientFormModal';

const stored: Client = {
  id: 3,
  name: 'Grace Hopper',
  company: null,
  email: 'grace@example.com',
  phone: null,
  address: null,
  notes: null,
  archived: false,
  created_at: '2025-01-01T10:00:00Z',
  updated_at: '2025-01-01T10:00:00Z',
  version: 4,
};

function open(client?: Client) {
  const onSaved = vi.fn();
  renderWithProviders(
    <ClientFormModal opened client={client} onClose={() => {}} onSaved={onSaved} />,
  );
  return onSaved;
}

const field = (testId: string) => screen.getByTestId(testId);

describe('ClientFormModal', () => {
  it('says what is missing or malformed before asking the backend', async () => {
    const calls = mockBackend({});
    open();
    fireEvent.change(field('client-email'), { target: { value: 'not-an-address' } });
    await userEvent.click(field('client-save'));
    expect(screen.getByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText('Enter an e-mail address like name@example.com')).toBeInTheDocument();
    expect(field('client-email')).toHaveValue('not-an-address');
    expect(calls).toHaveLength(0);
  });

  it('refuses over-long text with a message instead of cutting it', async () => {
    mockBackend({});
    open();
    fireEvent.change(field('client-name'), { target: { value: 'x'.repeat(201) } });
    await userEvent.click(field('client-save'));
    expect(screen.getByText('At most 200 characters, please')).toBeInTheDocument();
    expect((field('client-name') as HTMLInputElement).value).toHaveLength(201);
  });

  it('creates a client from the trimmed input, blank fields as absent', async () => {
    const calls = mockBackend({
      create_client: (_c, args) => ({ ...stored, ...(args.input as object), id: 9 }),
    });
    const onSaved = open();
    fireEvent.change(field('client-name'), { target: { value: '  Ada  ' } });
    fireEvent.change(field('client-company'), { target: { value: '   ' } });
    fireEvent.submit(field('client-form'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toEqual({
      cmd: 'create_client',
      args: {
        input: { name: 'Ada', company: null, email: null, phone: null, address: null, notes: null },
      },
    });
  });

  it('puts the backend message under the field it names', async () => {
    mockBackend({
      update_client: () => {
        throw wireError('validation', "'grace@example' is not a valid e-mail address", 'email');
      },
    });
    open(stored);
    fireEvent.change(field('client-email'), { target: { value: 'grace@example.co' } });
    await userEvent.click(field('client-save'));
    expect(
      await screen.findByText("'grace@example' is not a valid e-mail address"),
    ).toBeInTheDocument();
  });

  it('sends the version it was opened with and explains a conflict', async () => {
    const calls = mockBackend({
      update_client: () => {
        throw wireError('conflict', 'this client was changed elsewhere');
      },
    });
    open(stored);
    fireEvent.change(field('client-name'), { target: { value: 'Grace B. Hopper' } });
    await userEvent.click(field('client-save'));
    expect(await screen.findByTestId('conflict-alert')).toHaveTextContent(
      'This client was changed in another window',
    );
    expect(calls[0].args.expectedVersion).toBe(4);
    expect(field('client-name')).toHaveValue('Grace B. Hopper');
  });
});
