import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { commands, events, type SettingKey, type SyncProgress } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

/** The Calendly card's view model: connection state, account, event types, settings. */
export function useCalendly() {
  return useQuery({
    queryKey: keys.calendly.status,
    queryFn: () => unwrap(commands.calendlyStatus()),
  });
}

// The card refetches on the backend's `data-changed` event, which these commands send even
// when they fail in a way that changed the account (e.g. to "reconnect needed").

export const useConnectCalendly = () =>
  useMutation({ mutationFn: () => unwrap(commands.calendlyConnect()) });

export const useCancelConnectCalendly = () =>
  useMutation({ mutationFn: () => unwrap(commands.calendlyCancelConnect()) });

export const useRefreshEventTypes = () =>
  useMutation({ mutationFn: () => unwrap(commands.calendlyRefreshEventTypes()) });

export const useSetDefaultEventType = () =>
  useMutation({
    mutationFn: (uri: string | null) => unwrap(commands.calendlySetDefaultEventType(uri)),
  });

/** Disconnects; `deleteMeetings` also deletes the meetings synced from the account. */
export const useDisconnectCalendly = () =>
  useMutation({
    mutationFn: (deleteMeetings: boolean) => unwrap(commands.calendlyDisconnect(deleteMeetings)),
  });

/** Deletes the meetings of an earlier, different Calendly account. */
export const useDeleteEarlierMeetings = () =>
  useMutation({ mutationFn: () => unwrap(commands.calendlyDeleteEarlierMeetings()) });

/** Checks webhooks and brings meetings up to date now. */
export const useSyncNow = () =>
  useMutation({ mutationFn: () => unwrap(commands.calendlySyncNow()) });

/** What the sync engine did lately (Settings → Integrations). */
export function useSyncLog() {
  return useQuery({
    queryKey: keys.calendly.syncLog,
    queryFn: () => unwrap(commands.calendlySyncLog()),
  });
}

/**
 * How far a running reconcile is, from the backend's `sync-progress` event; `null` when
 * none is fetching anything (a quiet round fetches nothing and shows nothing).
 */
export function useSyncProgress(): SyncProgress | null {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  useEffect(() => {
    const listening = events.syncProgress.listen((event) => setProgress(event.payload));
    return () => void listening.then((unlisten) => unlisten()).catch(() => {});
  }, []);
  return progress && progress.events_fetched < progress.events_to_fetch ? progress : null;
}

export const useSetCalendlyEnabled = () =>
  useMutation({ mutationFn: (enabled: boolean) => unwrap(commands.calendlySetEnabled(enabled)) });

/** Desktop notifications for new, moved and canceled meetings. */
export const useSetMeetingNotifications = () =>
  useMutation({
    mutationFn: (enabled: boolean) => unwrap(commands.calendlySetNotifications(enabled)),
  });

export const useSaveCalendlySetting = () =>
  useMutation({
    mutationFn: ({ key, value }: { key: SettingKey; value: string | null }) =>
      unwrap(commands.calendlySaveSetting(key, value)),
  });
