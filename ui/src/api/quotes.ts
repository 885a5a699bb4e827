import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  commands,
  type Invoice,
  type PageRequest,
  type Quote,
  type QuoteFilter,
  type QuoteInput,
} from '../bindings';
import { unwrap } from './errors';
import { useStoreDetail } from './cache';
import { keys } from './keys';
import { usePagedList } from './paging';

/** The quote list, read a page at a time as the user scrolls. */
export function useQuotes(filter: QuoteFilter) {
  return usePagedList(keys.quotes.list(filter), (page) =>
    unwrap(commands.listQuotes(filter, page)),
  );
}

/** The first `limit` matching quotes only, e.g. for a picker that searches as one types. */
export function useQuoteMatches(filter: QuoteFilter, limit: number, enabled = true) {
  const page: PageRequest = { limit };
  return useQuery({
    queryKey: keys.quotes.page(filter, page),
    queryFn: () => unwrap(commands.listQuotes(filter, page)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useQuote(id: number) {
  return useQuery({
    queryKey: keys.quotes.detail(id),
    queryFn: () => unwrap(commands.getQuote(id)),
  });
}

export function useCreateQuote() {
  const store = useStoreDetail<Quote>(keys.quotes.detail);
  return useMutation({
    mutationFn: (input: QuoteInput) => unwrap(commands.createQuote(input)),
    onSuccess: store,
  });
}

export function useUpdateQuote() {
  const store = useStoreDetail<Quote>(keys.quotes.detail);
  return useMutation({
    mutationFn: (args: { id: number; input: QuoteInput; expectedVersion: number }) =>
      unwrap(commands.updateQuote(args.id, args.input, args.expectedVersion)),
    onSuccess: store,
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
  const store = useStoreDetail<Quote>(keys.quotes.detail);
  return useMutation({
    mutationFn: (args: { id: number; action: QuoteTransition; expectedVersion: number }) =>
      unwrap(TRANSITIONS[args.action](args.id, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useDeleteQuote() {
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteQuote(id)),
  });
}

export function useConvertQuote() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.convertQuoteToInvoice(id)),
    onSuccess: store,
  });
}

/** A new draft copied from a quote; `revise` makes it replace the quote and link to it. */
export function useDuplicateQuote() {
  const store = useStoreDetail<Quote>(keys.quotes.detail);
  return useMutation({
    mutationFn: (args: { id: number; revise: boolean }) =>
      unwrap(commands.duplicateQuote(args.id, args.revise)),
    onSuccess: store,
  });
}
