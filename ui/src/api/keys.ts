import type { Resource } from '../bindings';

// Query keys, one root per resource the backend names in its `data-changed` event.

export const keys = {
  clients: {
    all: ['clients'] as const,
    list: (filter: object) => ['clients', 'list', filter] as const,
    detail: (id: number) => ['clients', 'detail', id] as const,
  },
  quotes: {
    all: ['quotes'] as const,
    list: (filter: object) => ['quotes', 'list', filter] as const,
    detail: (id: number) => ['quotes', 'detail', id] as const,
  },
  invoices: {
    all: ['invoices'] as const,
    list: (filter: object) => ['invoices', 'list', filter] as const,
    detail: (id: number) => ['invoices', 'detail', id] as const,
  },
  activity: { all: ['activity'] as const },
  settings: {
    all: ['settings'] as const,
    profile: ['settings', 'profile'] as const,
    context: ['settings', 'context'] as const,
  },
  dashboard: { all: ['dashboard'] as const },
  calendly: {
    all: ['calendly'] as const,
    status: ['calendly', 'status'] as const,
    syncLog: ['calendly', 'sync-log'] as const,
  },
  meetings: {
    all: ['meetings'] as const,
    list: (filter: object) => ['meetings', 'list', filter] as const,
    detail: (uri: string) => ['meetings', 'detail', uri] as const,
    measures: ['meetings', 'measures'] as const,
  },
  currencies: ['currencies'] as const,
  totals: (input: object) => ['totals', input] as const,
};

// Every root the backend may name; checked as own properties, so a payload naming
// "__proto__" or "constructor" is ignored.
const RESOURCES: Record<Resource, true> = {
  clients: true,
  quotes: true,
  invoices: true,
  activity: true,
  settings: true,
  dashboard: true,
  calendly: true,
  meetings: true,
};

/** Every resource the backend may name (all of them after a restore or a new time zone). */
export const RESOURCE_NAMES = Object.keys(RESOURCES) as Resource[];

/**
 * The query key roots to refetch when the backend reports `changed` resources. The backend
 * names every affected root itself (a changed client also names quotes, invoices, ...).
 */
export function staleRoots(changed: readonly unknown[]): Resource[] {
  const roots = changed.filter(
    (name): name is Resource => typeof name === 'string' && Object.hasOwn(RESOURCES, name),
  );
  return [...new Set(roots)];
}
