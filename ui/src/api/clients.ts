import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  commands,
  type Activity,
  type Client,
  type ClientDetail,
  type ClientFilter,
  type ClientInput,
  type InvoiceSummary,
  type Page,
  type PageRequest,
  type QuoteSummary,
} from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';
import { useMorePages, usePagedList } from './paging';

/** Documents read per "Show more" on a client's page, as many as its first page holds. */
const DOCUMENTS_PAGE = 50;
/** Timeline entries read per "Show earlier", as many as its first page holds. */
const ACTIVITY_PAGE = 100;

/** The client list, read a page at a time as the user scrolls. */
export function useClients(filter: ClientFilter) {
  return usePagedList(keys.clients.list(filter), (page) =>
    unwrap(commands.listClients(filter, page)),
  );
}

/** The first `limit` matching clients only, e.g. for a picker that searches as one types. */
export function useClientMatches(filter: ClientFilter, limit: number) {
  const page: PageRequest = { limit };
  return useQuery({
    queryKey: keys.clients.page(filter, page),
    queryFn: () => unwrap(commands.listClients(filter, page)),
    placeholderData: keepPreviousData,
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

/** A client's quotes, most recently changed first: the detail's first page, then more. */
export function useClientQuotes(clientId: number, first: Page<QuoteSummary>) {
  const filter = { client_id: clientId, status: null, search: null };
  return useMorePages(
    (after) => keys.clients.more(clientId, 'quotes', after),
    first,
    (page) => unwrap(commands.listQuotes(filter, page)),
    DOCUMENTS_PAGE,
  );
}

/** A client's invoices, most recently changed first: the detail's first page, then more. */
export function useClientInvoices(clientId: number, first: Page<InvoiceSummary>) {
  const filter = { client_id: clientId, status: null, search: null };
  return useMorePages(
    (after) => keys.clients.more(clientId, 'invoices', after),
    first,
    (page) => unwrap(commands.listInvoices(filter, page)),
    DOCUMENTS_PAGE,
  );
}

/** A client's timeline, newest first: the detail's first page, then earlier entries. */
export function useClientActivity(clientId: number, first: Page<Activity>) {
  return useMorePages(
    (after) => keys.clients.more(clientId, 'activity', after),
    first,
    (page) => unwrap(commands.listClientActivity(clientId, page)),
    ACTIVITY_PAGE,
  );
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
