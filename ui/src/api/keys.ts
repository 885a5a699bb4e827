import type { Resource } from '../bindings';

// Query keys, one root per resource the backend names in its `data-changed` event.

export const keys = {
  clients: {
    all: ['clients'] as const,
    /** The paged list; its cache entry holds every page read so far. */
    list: (filter: object) => ['clients', 'list', filter] as const,
    /** One page on its own, e.g. a picker's first matches. */
    page: (filter: object, page: object) => ['clients', 'page', filter, page] as const,
    detail: (id: number) => ['clients', 'detail', id] as const,
    /**
     * A client's quotes, invoices or timeline after the first page its detail holds, read
     * from that page's cursor; under the client root, so a change to the client drops them.
     */
    more: (id: number, list: 'quotes' | 'invoices' | 'activity', after: object | null) =>
      ['clients', 'more', id, list, after] as const,
  },
  quotes: {
    all: ['quotes'] as const,
    list: (filter: object) => ['quotes', 'list', filter] as const,
    /** One page on its own, e.g. a picker's first matches. */
    page: (filter: object, page: object) => ['quotes', 'page', filter, page] as const,
    detail: (id: number) => ['quotes', 'detail', id] as const,
  },
  invoices: {
    all: ['invoices'] as const,
    list: (filter: object) => ['invoices', 'list', filter] as const,
    /** One page on its own, e.g. a picker's first matches. */
    page: (filter: object, page: object) => ['invoices', 'page', filter, page] as const,
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
    /** Every matching meeting at once (one document's meetings). */
    list: (filter: object) => ['meetings', 'list', filter] as const,
    /** The paged list, oldest or newest first; its cache entry holds every page read. */
    pages: (filter: object, newestFirst: boolean) =>
      ['meetings', 'pages', filter, newestFirst] as const,
    /** One page on its own, e.g. the dashboard's next few meetings of a day. */
    page: (filter: object, page: object, newestFirst: boolean) =>
      ['meetings', 'page', filter, page, newestFirst] as const,
    detail: (uri: string) => ['meetings', 'detail', uri] as const,
    /** The calendar's blocks of the days from `from` to `to`. */
    calendar: (from: string, to: string) => ['meetings', 'calendar', from, to] as const,
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
