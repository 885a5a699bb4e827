import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateResources } from './dataChanged';
import { staleRoots } from './keys';

describe('data-changed invalidation', () => {
  it('refreshes the views that show a changed resource', () => {
    expect(staleRoots(['quotes']).sort()).toEqual(['clients', 'dashboard', 'quotes']);
    expect(staleRoots(['activity']).sort()).toEqual(['activity', 'clients']);
    expect(staleRoots(['settings'])).toEqual(['settings']);
  });

  it('ignores resources it does not know', () => {
    expect(staleRoots(['meetings', '__proto__', 'constructor'])).toEqual([]);
  });

  it('marks only the affected queries stale', () => {
    const client = new QueryClient();
    client.setQueryData(['quotes', 'list', {}], []);
    client.setQueryData(['settings', 'profile'], {});
    invalidateResources(client, ['quotes']);
    expect(client.getQueryState(['quotes', 'list', {}])?.isInvalidated).toBe(true);
    expect(client.getQueryState(['settings', 'profile'])?.isInvalidated).toBe(false);
  });
});
