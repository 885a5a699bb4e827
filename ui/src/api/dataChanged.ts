import type { QueryClient } from '@tanstack/react-query';
import type { UnlistenFn } from '@tauri-apps/api/event';
import { events } from '../bindings';
import { staleRoots } from './keys';

export function invalidateResources(queryClient: QueryClient, resources: readonly string[]): void {
  for (const root of staleRoots(resources)) {
    // A refetch already under way (e.g. started by the mutation that caused the event)
    // already sees the change; do not restart it.
    void queryClient.invalidateQueries({ queryKey: [root] }, { cancelRefetch: false });
  }
}

/**
 * Listens once, for the app's lifetime, to the backend's `data-changed` event, so a change
 * made in another window (or by a background sync) shows up everywhere.
 */
export function listenForDataChanges(queryClient: QueryClient): Promise<UnlistenFn> {
  return events.dataChanged.listen((event) => {
    const resources = Array.isArray(event.payload?.resources) ? event.payload.resources : [];
    invalidateResources(queryClient, resources);
  });
}
