import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type QuoteFilter, type QuoteInput } from '../bindings';
import { unwrap } from './errors';
import { invalidateResources } from './dataChanged';
import { keys } from './keys';

export function useQuotes(filter: QuoteFilter) {
  return useQuery({
    queryKey: keys.quotes.list(filter),
    queryFn: () => unwrap(commands.listQuotes(filter)),
    placeholderData: (previous) => previous,
  });
}

export function useQuote(id: number) {
  return useQuery({
    queryKey: keys.quotes.detail(id),
    queryFn: () => unwrap(commands.getQuote(id)),
  });
}

export function useCreateQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: QuoteInput) => unwrap(commands.createQuote(input)),
    onSuccess: () => invalidateResources(queryClient, ['quotes', 'activity']),
  });
}

export function useUpdateQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; input: QuoteInput; expectedVersion: number }) =>
      unwrap(commands.updateQuote(args.id, args.input, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['quotes']),
  });
}

export type QuoteTransition = 'send' | 'accept' | 'decline';

const TRANSITIONS = {
  send: commands.sendQuote,
  accept: commands.acceptQuote,
  decline: commands.declineQuote,
} as const;

/** Send, accept or decline: the backend checks the move is allowed from the current status. */
export function useQuoteTransition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; action: QuoteTransition; expectedVersion: number }) =>
      unwrap(TRANSITIONS[args.action](args.id, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['quotes', 'activity']),
  });
}

export function useDeleteQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteQuote(id)),
    onSuccess: () => invalidateResources(queryClient, ['quotes', 'activity']),
  });
}

export function useConvertQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.convertQuoteToInvoice(id)),
    onSuccess: () => invalidateResources(queryClient, ['quotes', 'invoices', 'activity']),
  });
}
