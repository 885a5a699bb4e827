import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type ClientFilter, type ClientInput } from '../bindings';
import { unwrap } from './errors';
import { invalidateResources } from './dataChanged';
import { keys } from './keys';

export function useClients(filter: ClientFilter) {
  return useQuery({
    queryKey: keys.clients.list(filter),
    queryFn: () => unwrap(commands.listClients(filter)),
    placeholderData: (previous) => previous,
  });
}

export function useClient(id: number) {
  return useQuery({
    queryKey: keys.clients.detail(id),
    queryFn: () => unwrap(commands.getClient(id)),
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ClientInput) => unwrap(commands.createClient(input)),
    onSuccess: () => invalidateResources(queryClient, ['clients', 'activity']),
  });
}

export function useUpdateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; input: ClientInput; expectedVersion: number }) =>
      unwrap(commands.updateClient(args.id, args.input, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['clients']),
  });
}

export function useDeleteClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteClient(id)),
    onSuccess: () => invalidateResources(queryClient, ['clients']),
  });
}

export function useUnarchiveClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.unarchiveClient(id)),
    onSuccess: () => invalidateResources(queryClient, ['clients']),
  });
}
