import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  commands,
  type Invoice,
  type InvoiceFilter,
  type InvoiceInput,
  type PageRequest,
} from '../bindings';
import { unwrap } from './errors';
import { useStoreDetail } from './cache';
import { keys } from './keys';
import { usePagedList } from './paging';

/** The invoice list, read a page at a time as the user scrolls. */
export function useInvoices(filter: InvoiceFilter) {
  return usePagedList(keys.invoices.list(filter), (page) =>
    unwrap(commands.listInvoices(filter, page)),
  );
}

/** The first `limit` matching invoices only, e.g. for a picker that searches as one types. */
export function useInvoiceMatches(filter: InvoiceFilter, limit: number, enabled = true) {
  const page: PageRequest = { limit };
  return useQuery({
    queryKey: keys.invoices.page(filter, page),
    queryFn: () => unwrap(commands.listInvoices(filter, page)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useInvoice(id: number) {
  return useQuery({
    queryKey: keys.invoices.detail(id),
    queryFn: () => unwrap(commands.getInvoice(id)),
  });
}

export function useCreateInvoice() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (input: InvoiceInput) => unwrap(commands.createInvoice(input)),
    onSuccess: store,
  });
}

export function useUpdateInvoice() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (args: { id: number; input: InvoiceInput; expectedVersion: number }) =>
      unwrap(commands.updateInvoice(args.id, args.input, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useIssueInvoice() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (args: { id: number; expectedVersion: number }) =>
      unwrap(commands.issueInvoice(args.id, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useMarkInvoicePaid() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (args: { id: number; paidOn: string; expectedVersion: number }) =>
      unwrap(commands.markInvoicePaid(args.id, args.paidOn, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useVoidInvoice() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (args: { id: number; expectedVersion: number }) =>
      unwrap(commands.voidInvoice(args.id, args.expectedVersion)),
    onSuccess: store,
  });
}

export function useDeleteInvoice() {
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteInvoice(id)),
  });
}

/** Records that the user sent an issued invoice to the client. */
export function useMarkInvoiceSent() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (args: { id: number; expectedVersion: number }) =>
      unwrap(commands.markInvoiceSent(args.id, args.expectedVersion)),
    onSuccess: store,
  });
}

/** A new draft copied from an invoice, dated today. */
export function useDuplicateInvoice() {
  const store = useStoreDetail<Invoice>(keys.invoices.detail);
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.duplicateInvoice(id)),
    onSuccess: store,
  });
}
