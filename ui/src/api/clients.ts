import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  commands,
  type Client,
  type ClientDetail,
  type ClientFilter,
  type ClientInput,
} from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

export function useClients(filter: ClientFilter) {
  return useQuery({
    queryKey: keys.clients.list(filter),
    queryFn: () => unwrap(commands.listClients(filter)),
    placeholderData: (previous) => previous,
  });
}

/** A client's page; `null` while none is chosen (nothing is fetched). */
export function useClient(id: number | null) {
  return useQuery({
    queryKey: keys.clients.detail(id ?? 0),
    queryFn: () => unwrap(commands.getClient(id ?? 0)),
    enabled: id !== null,
  });
}

/** The active client with this e-mail address, if there is one (core's rule). */
export function findClientByEmail(email: string): Promise<Client | null> {
  return unwrap(commands.findClientByEmail(email));
}

export function useCreateClient() {
  return useMutation({
    mutationFn: (input: ClientInput) => unwrap(commands.createClient(input)),
  });
}

/** Puts a saved client into its cached page; `data-changed` refetches the rest of it. */
function useStoreClient() {
  const queryClient = useQueryClient();
  return (client: Client) =>
    queryClient.setQueryData<ClientDetail>(keys.clients.detail(client.id), (cached) =>
      cached && cached.client.version <= client.version ? { ...cached, client } : cached,
    );
}

export function useUpdateClient() {
  const store = useStoreClient();
  return useMutation({
    mutationFn: (args: { id: number; input: ClientInput; expectedVersion: number }) =>
      unwrap(commands.updateClient(args.id, args.input, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useDeleteClient() {
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteClient(id)),
  });
}

export function useUnarchiveClient() {
  const store = useStoreClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.unarchiveClient(id)),
    onSuccess: store,
  });
}
