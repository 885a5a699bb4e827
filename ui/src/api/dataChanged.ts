import type { QueryClient } from '@tanstack/react-query';
import type { UnlistenFn } from '@tauri-apps/api/event';
import { events } from '../bindings';
import { staleRoots } from './keys';

/** Marks stale exactly the roots the backend named; it is the one source of what changed. */
export function invalidateResources(queryClient: QueryClient, resources: readonly unknown[]): void {
  for (const root of staleRoots(resources)) {
    // The default cancelRefetch restarts a fetch already under way: it may have read the
    // data before this change.
    void queryClient.invalidateQueries({ queryKey: [root] });
  }
}

/**
 * Listens once, for the app's lifetime, to the backend's `data-changed` event, which follows
 * every change: one made in this window, in another one, or by a background sync.
 */
export function listenForDataChanges(queryClient: QueryClient): Promise<UnlistenFn> {
  return events.dataChanged.listen((event) => {
    const resources = Array.isArray(event.payload?.resources) ? event.payload.resources : [];
    invalidateResources(queryClient, resources);
  });
}
