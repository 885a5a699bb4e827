import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type BusinessProfile } from '../bindings';
import { registerCurrencyExponents } from '../format/money';
import { attempt, unwrap } from './errors';
import { invalidateResources } from './dataChanged';
import { keys } from './keys';

export function useBusinessProfile() {
  return useQuery({
    queryKey: keys.settings.profile,
    queryFn: () => unwrap(commands.getBusinessProfile()),
  });
}

export function useUpdateBusinessProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (profile: BusinessProfile) => unwrap(commands.updateBusinessProfile(profile)),
    onSuccess: () => invalidateResources(queryClient, ['settings']),
  });
}

/** ISO currencies; loading them also teaches the money formatter their minor units. */
export function useCurrencies() {
  return useQuery({
    queryKey: keys.currencies,
    queryFn: async () => {
      const list = await attempt(commands.listCurrencies());
      registerCurrencyExponents(list);
      return list;
    },
    staleTime: Infinity,
  });
}

export function backupDatabase(path: string) {
  return unwrap(commands.backupDatabase(path));
}

export function restoreDatabase(path: string) {
  return unwrap(commands.restoreDatabase(path));
}
