import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type SettingKey } from '../bindings';
import { unwrap } from './errors';
import { invalidateResources } from './dataChanged';
import { keys } from './keys';

/** The Calendly card's view model: connection state, account, event types, settings. */
export function useCalendly() {
  return useQuery({
    queryKey: keys.calendly.status,
    queryFn: () => unwrap(commands.calendlyStatus()),
  });
}

/** A Calendly mutation that refetches the card when it settles (also after a failure,
 * which may itself have changed the account, e.g. to "reconnect needed"). */
function useCalendlyMutation<A, T>(run: (arg: A) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => invalidateResources(queryClient, ['calendly']),
  });
}

export const useConnectCalendly = () =>
  useCalendlyMutation(() => unwrap(commands.calendlyConnect()));

export const useCancelConnectCalendly = () =>
  useCalendlyMutation(() => unwrap(commands.calendlyCancelConnect()));

export const useRefreshEventTypes = () =>
  useCalendlyMutation(() => unwrap(commands.calendlyRefreshEventTypes()));

export const useSetDefaultEventType = () =>
  useCalendlyMutation((uri: string | null) => unwrap(commands.calendlySetDefaultEventType(uri)));

export const useDisconnectCalendly = () =>
  useCalendlyMutation(() => unwrap(commands.calendlyDisconnect()));

export const useSetCalendlyEnabled = () =>
  useCalendlyMutation((enabled: boolean) => unwrap(commands.calendlySetEnabled(enabled)));

export const useSaveCalendlySetting = () =>
  useCalendlyMutation(({ key, value }: { key: SettingKey; value: string | null }) =>
    unwrap(commands.calendlySaveSetting(key, value)),
  );
