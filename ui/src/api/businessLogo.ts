import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type LogoPreview } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

// Under the `settings` root, so the backend's `settings` change refetches it.
const logoKey = [...keys.settings.all, 'logo'] as const;

/** The logo printed on documents, as a data URL to preview; `null` when there is none. */
export function useBusinessLogo() {
  return useQuery({
    queryKey: logoKey,
    queryFn: () => unwrap(commands.getBusinessLogo()),
  });
}

/** Stores the image file at `path`; the backend refuses what is not a usable logo. */
export function useSetBusinessLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => unwrap(commands.setBusinessLogo(path)),
    onSuccess: (logo) => queryClient.setQueryData<LogoPreview | null>(logoKey, logo),
  });
}

export function useClearBusinessLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(commands.clearBusinessLogo()),
    onSuccess: () => queryClient.setQueryData<LogoPreview | null>(logoKey, null),
  });
}
