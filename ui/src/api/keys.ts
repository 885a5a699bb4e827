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
  },
  dashboard: { all: ['dashboard'] as const },
  calendly: { all: ['calendly'] as const, status: ['calendly', 'status'] as const },
  currencies: ['currencies'] as const,
  totals: (input: object) => ['totals', input] as const,
};

// A change to one resource shows up in views keyed under others: a client's page lists its
// quotes, invoices and timeline; documents show their client's name.
const AFFECTS: Record<Resource, readonly Resource[]> = {
  clients: ['clients', 'quotes', 'invoices', 'dashboard'],
  quotes: ['quotes', 'clients', 'dashboard'],
  invoices: ['invoices', 'quotes', 'clients', 'dashboard'],
  activity: ['activity', 'clients'],
  settings: ['settings'],
  dashboard: ['dashboard'],
  calendly: ['calendly'],
};

/** The query key roots to refetch when the backend reports `changed` resources. */
export function staleRoots(changed: readonly string[]): Resource[] {
  const roots = new Set<Resource>();
  for (const name of changed) {
    // An own-property check, so a payload naming "__proto__" or "constructor" is ignored.
    if (!Object.hasOwn(AFFECTS, name)) continue;
    for (const root of AFFECTS[name as Resource]) roots.add(root);
  }
  return [...roots];
}
