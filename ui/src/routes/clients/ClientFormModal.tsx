import { Alert, Button, Group, Modal, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useCreateClient, useUpdateClient } from '../../api/clients';
import { toApiError } from '../../api/errors';
import { keys } from '../../api/keys';
import { commands, type Client } from '../../bindings';
import { unwrap } from '../../api/errors';
import { ConflictAlert } from '../../components/ConflictAlert';
import { sentence } from '../../format/text';
import {
  fromClient,
  toInput,
  validateClientForm,
  type ClientForm,
  type ClientFormErrors,
} from './clientForm';

interface ClientFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The client to edit; absent to create one. */
  client?: Client;
  onSaved: (client: Client) => void;
}

export function ClientFormModal({ opened, onClose, client, onSaved }: ClientFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={client ? `Edit ${client.name}` : 'New client'}
      size="lg"
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {/* Mounted only while open, so every opening starts from the stored values. */}
      {opened && <ClientFormBody client={client} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function ClientFormBody({ client, onClose, onSaved }: Omit<ClientFormModalProps, 'opened'>) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => fromClient(client));
  const [version, setVersion] = useState(client?.version ?? 0);
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const create = useCreateClient();
  const update = useUpdateClient();
  const saving = create.isPending || update.isPending;

  const set = (field: keyof ClientForm) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async (expectedVersion: number) => {
    const found = validateClientForm(form);
    setErrors(found);
    setFormError(null);
    if (Object.values(found).some(Boolean)) return;
    try {
      const saved = client
        ? await update.mutateAsync({ id: client.id, input: toInput(form), expectedVersion })
        : await create.mutateAsync(toInput(form));
      setConflict(false);
      onSaved(saved);
    } catch (e) {
      const error = toApiError(e);
      if (error.isConflict) setConflict(true);
      else if (error.field && error.field in form) {
        setErrors((prev) => ({ ...prev, [error.field as string]: sentence(error.message) }));
      } else setFormError(sentence(error.message));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(version);
  };

  const reload = async () => {
    if (!client) return;
    setReloading(true);
    try {
      const detail = await unwrap(commands.getClient(client.id));
      queryClient.setQueryData(keys.clients.detail(client.id), detail);
      setForm(fromClient(detail.client));
      setVersion(detail.client.version);
      setConflict(false);
      setErrors({});
    } catch (e) {
      setFormError(sentence(toApiError(e).message));
    } finally {
      setReloading(false);
    }
  };

  const overwrite = async () => {
    if (!client) return;
    try {
      const detail = await unwrap(commands.getClient(client.id));
      setVersion(detail.client.version);
      await save(detail.client.version);
    } catch (e) {
      setFormError(sentence(toApiError(e).message));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="client-form">
      <Stack gap="md">
        {conflict && (
          <ConflictAlert what="client" onReload={reload} onOverwrite={overwrite} busy={reloading} />
        )}
        {formError && (
          <Alert color="red" variant="light" data-testid="form-error">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={2} spacing="md">
          <TextInput
            label="Name"
            placeholder="Ada Lovelace"
            required
            data-autofocus
            value={form.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            error={errors.name}
            data-testid="client-name"
          />
          <TextInput
            label="Company"
            placeholder="Analytical Engines Ltd"
            value={form.company}
            onChange={(e) => set('company')(e.currentTarget.value)}
            error={errors.company}
            data-testid="client-company"
          />
          <TextInput
            label="E-mail"
            placeholder="ada@example.com"
            type="email"
            value={form.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
            data-testid="client-email"
          />
          <TextInput
            label="Phone"
            placeholder="+44 20 7946 0000"
            value={form.phone}
            onChange={(e) => set('phone')(e.currentTarget.value)}
            error={errors.phone}
            data-testid="client-phone"
          />
        </SimpleGrid>
        <Textarea
          label="Address"
          autosize
          minRows={2}
          maxRows={4}
          value={form.address}
          onChange={(e) => set('address')(e.currentTarget.value)}
          error={errors.address}
          data-testid="client-address"
        />
        <Textarea
          label="Notes"
          autosize
          minRows={2}
          maxRows={5}
          value={form.notes}
          onChange={(e) => set('notes')(e.currentTarget.value)}
          error={errors.notes}
          data-testid="client-notes"
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} data-testid="client-cancel">
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="client-save">
            {client ? 'Save changes' : 'Create client'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
