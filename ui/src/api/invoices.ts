import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type InvoiceFilter, type InvoiceInput } from '../bindings';
import { unwrap } from './errors';
import { invalidateResources } from './dataChanged';
import { keys } from './keys';

export function useInvoices(filter: InvoiceFilter) {
  return useQuery({
    queryKey: keys.invoices.list(filter),
    queryFn: () => unwrap(commands.listInvoices(filter)),
    placeholderData: (previous) => previous,
  });
}

export function useInvoice(id: number) {
  return useQuery({
    queryKey: keys.invoices.detail(id),
    queryFn: () => unwrap(commands.getInvoice(id)),
  });
}

export function useCreateInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvoiceInput) => unwrap(commands.createInvoice(input)),
    onSuccess: () => invalidateResources(queryClient, ['invoices', 'activity']),
  });
}

export function useUpdateInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; input: InvoiceInput; expectedVersion: number }) =>
      unwrap(commands.updateInvoice(args.id, args.input, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['invoices']),
  });
}

export function useIssueInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; expectedVersion: number }) =>
      unwrap(commands.issueInvoice(args.id, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['invoices', 'activity']),
  });
}

export function useMarkInvoicePaid() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; paidOn: string; expectedVersion: number }) =>
      unwrap(commands.markInvoicePaid(args.id, args.paidOn, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['invoices', 'activity']),
  });
}

export function useVoidInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: number; expectedVersion: number }) =>
      unwrap(commands.voidInvoice(args.id, args.expectedVersion)),
    onSuccess: () => invalidateResources(queryClient, ['invoices', 'activity']),
  });
}

export function useDeleteInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(commands.deleteInvoice(id)),
    onSuccess: () => invalidateResources(queryClient, ['invoices', 'activity']),
  });
}
