import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type DocumentSettings } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

// Under the `settings` root, so the backend's `settings` change refetches it.
const documentsKey = [...keys.settings.all, 'documents'] as const;

/** Numbering, payment terms, default notes, paper size and e-mail template. */
export function useDocumentSettings() {
  return useQuery({
    queryKey: documentsKey,
    queryFn: () => unwrap(commands.getDocumentSettings()),
  });
}

export function useUpdateDocumentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: DocumentSettings) => unwrap(commands.updateDocumentSettings(settings)),
    onSuccess: (saved) => queryClient.setQueryData(documentsKey, saved),
  });
}
