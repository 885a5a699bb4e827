import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
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
  tax_number: null,
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

function Location() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

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
      duplicate_clients: () => [],
      create_client: (_c, args) => ({ ...stored, ...(args.input as object), id: 9 }),
    });
    const onSaved = open();
    fireEvent.change(field('client-name'), { target: { value: '  Ada  ' } });
    fireEvent.change(field('client-company'), { target: { value: '   ' } });
    fireEvent.change(field('client-tax-number'), { target: { value: ' GB123456789 ' } });
    fireEvent.submit(field('client-form'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'create_client')?.args).toEqual({
      input: {
        name: 'Ada',
        company: null,
        email: null,
        phone: null,
        tax_number: 'GB123456789',
        address: null,
        notes: null,
      },
    });
  });

  it('warns before creating a twin of an existing client and creates it only when asked', async () => {
    const calls = mockBackend({
      duplicate_clients: () => [{ ...stored, id: 7, name: 'Grace Hopper' }],
      create_client: (_c, args) => ({ ...stored, ...(args.input as object), id: 9 }),
    });
    const onSaved = open();
    fireEvent.change(field('client-name'), { target: { value: 'grace hopper' } });
    fireEvent.change(field('client-email'), { target: { value: 'grace@example.com' } });
    fireEvent.change(field('client-notes'), { target: { value: 'Met at the conference' } });
    await userEvent.click(field('client-save'));
    expect(await screen.findByTestId('duplicate-warning')).toHaveTextContent(
      'A client named Grace Hopper with this e-mail already exists.',
    );
    expect(calls.find((c) => c.cmd === 'duplicate_clients')?.args.except).toBeNull();
    expect(calls.map((c) => c.cmd)).not.toContain('create_client');
    expect(field('client-notes')).toHaveValue('Met at the conference');

    await userEvent.click(screen.getByRole('button', { name: 'Create anyway' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'create_client')?.args.input).toMatchObject({
      name: 'grace hopper',
      notes: 'Met at the conference',
    });
  });

  it('opens the existing client instead when the user prefers', async () => {
    mockBackend({ duplicate_clients: () => [{ ...stored, id: 7 }] });
    const onClose = vi.fn();
    renderWithProviders(
      <>
        <ClientFormModal opened onClose={onClose} onSaved={() => {}} />
        <Location />
      </>,
    );
    fireEvent.change(field('client-name'), { target: { value: 'Grace Hopper' } });
    fireEvent.change(field('client-email'), { target: { value: 'grace@example.com' } });
    await userEvent.click(field('client-save'));
    await userEvent.click(await screen.findByRole('button', { name: 'Open existing client' }));
    expect(onClose).toHaveBeenCalled();
    expect(screen.getByTestId('location')).toHaveTextContent('/clients/7');
  });

  it('checks an edited client for twins only when its name or e-mail changed', async () => {
    const calls = mockBackend({
      duplicate_clients: () => [],
      update_client: (_c, args) => ({ ...stored, ...(args.input as object), version: 5 }),
    });
    const onSaved = open(stored);
    fireEvent.change(field('client-phone'), { target: { value: '555-0100' } });
    await userEvent.click(field('client-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c.cmd)).not.toContain('duplicate_clients');

    fireEvent.change(field('client-name'), { target: { value: 'Grace B. Hopper' } });
    await userEvent.click(field('client-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    expect(calls.find((c) => c.cmd === 'duplicate_clients')?.args.except).toBe(3);
  });

  it('puts the backend message under the field it names', async () => {
    mockBackend({
      duplicate_clients: () => [],
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
      duplicate_clients: () => [],
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
    expect(calls.find((c) => c.cmd === 'update_client')?.args.expectedVersion).toBe(4);
    expect(field('client-name')).toHaveValue('Grace B. Hopper');
  });
});
