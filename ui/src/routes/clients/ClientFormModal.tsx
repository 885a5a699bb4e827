import {
  Alert,
  Button,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCreateClient, useUpdateClient } from '../../api/clients';
import { toApiError } from '../../api/errors';
import { keys } from '../../api/keys';
import { commands, type Client } from '../../bindings';
import { unwrap } from '../../api/errors';
import { ConflictAlert } from '../../components/ConflictAlert';
import {
  fromClient,
  needsDuplicateCheck,
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
  // The existing client this one would duplicate, shown until the user decides.
  const [twin, setTwin] = useState<Client | null>(null);
  const [checking, setChecking] = useState(false);
  const navigate = useNavigate();
  const create = useCreateClient();
  const update = useUpdateClient();
  const saving = create.isPending || update.isPending || checking;

  const set = (field: keyof ClientForm) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'name' || field === 'email') setTwin(null);
  };

  /** An active client with the same name and e-mail; a failed check lets the save report it. */
  const findTwin = async (): Promise<Client | null> => {
    setChecking(true);
    try {
      const found = await unwrap(commands.duplicateClients(toInput(form), client?.id ?? null));
      return found[0] ?? null;
    } catch {
      return null;
    } finally {
      setChecking(false);
    }
  };

  const save = async (expectedVersion: number, { allowTwin = false } = {}) => {
    const found = validateClientForm(form);
    setErrors(found);
    setFormError(null);
    if (Object.values(found).some(Boolean)) return;
    if (!allowTwin && needsDuplicateCheck(form, client)) {
      const existing = await findTwin();
      setTwin(existing);
      if (existing) return;
    }
    setTwin(null);
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
        setErrors((prev) => ({ ...prev, [error.field as string]: error.message }));
      } else setFormError(error.message);
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
      setFormError(toApiError(e).message);
    } finally {
      setReloading(false);
    }
  };

  const overwrite = async () => {
    if (!client) return;
    try {
      const detail = await unwrap(commands.getClient(client.id));
      setVersion(detail.client.version);
      await save(detail.client.version, { allowTwin: true });
    } catch (e) {
      setFormError(toApiError(e).message);
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
          <TextInput
            label="VAT / tax number"
            description="Printed on their quotes and invoices"
            value={form.tax_number}
            onChange={(e) => set('tax_number')(e.currentTarget.value)}
            error={errors.tax_number}
            data-testid="client-tax-number"
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
        {twin && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconCopy size={18} />}
            title="This client may already exist"
            role="alert"
            data-testid="duplicate-warning"
          >
            <Stack gap="sm">
              <Text fz="sm">
                {twin.email
                  ? `A client named ${twin.name} with this e-mail already exists.`
                  : `A client named ${twin.name} without an e-mail address already exists.`}
              </Text>
              <Group gap="sm">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    onClose();
                    navigate(`/clients/${twin.id}`);
                  }}
                  data-testid="duplicate-open"
                >
                  Open existing client
                </Button>
                <Button
                  size="xs"
                  color="yellow"
                  onClick={() => void save(version, { allowTwin: true })}
                  loading={saving}
                  data-testid="duplicate-save"
                >
                  {client ? 'Save anyway' : 'Create anyway'}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
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
