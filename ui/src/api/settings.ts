import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type AppContext, type BusinessProfile } from '../bindings';
import { setDisplayTimeZone } from '../format/dates';
import { registerCurrencyExponents } from '../format/money';
import { attempt, unwrap } from './errors';
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
    onSuccess: (profile) => queryClient.setQueryData(keys.settings.profile, profile),
  });
}

/** Hands the zone to the date formatter before the context reaches any screen. */
function adopt(context: AppContext): AppContext {
  setDisplayTimeZone(context.time_zone);
  return context;
}

/** The time zone (and with it "today") that core and every screen work in. */
export function useAppContext() {
  return useQuery({
    queryKey: keys.settings.context,
    queryFn: async () => adopt(await unwrap(commands.getAppContext())),
  });
}

/** Chooses the time zone, or with `null` goes back to the TZ variable or the system's. */
export function useSetTimeZone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (zone: string | null) => adopt(await unwrap(commands.setTimeZone(zone))),
    onSuccess: (context) => queryClient.setQueryData(keys.settings.context, context),
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
