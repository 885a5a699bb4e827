import { QueryClient } from '@tanstack/react-query';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it, vi } from 'vitest';
import { invalidateResources, listenForDataChanges } from './dataChanged';
import { staleRoots } from './keys';

describe('data-changed invalidation', () => {
  it('refreshes exactly the roots the backend names, once each', () => {
    expect(staleRoots(['quotes'])).toEqual(['quotes']);
    expect(staleRoots(['clients', 'quotes', 'dashboard', 'quotes'])).toEqual([
      'clients',
      'quotes',
      'dashboard',
    ]);
  });

  it('ignores resources it does not know', () => {
    expect(staleRoots(['bookings', '__proto__', 'constructor', 'toString', 7, null])).toEqual([]);
    expect(staleRoots(['meetings', 'bookings'])).toEqual(['meetings']);
  });

  it('marks only the named queries stale', () => {
    const client = new QueryClient();
    client.setQueryData(['quotes', 'list', {}], []);
    client.setQueryData(['clients', 'detail', 2], {});
    client.setQueryData(['settings', 'profile'], {});
    invalidateResources(client, ['quotes']);
    expect(client.getQueryState(['quotes', 'list', {}])?.isInvalidated).toBe(true);
    expect(client.getQueryState(['clients', 'detail', 2])?.isInvalidated).toBe(false);
    expect(client.getQueryState(['settings', 'profile'])?.isInvalidated).toBe(false);
  });
});

describe('listenForDataChanges', () => {
  it('invalidates what the backend reports as changed', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const client = new QueryClient();
    client.setQueryData(['invoices', 'list', {}], []);
    client.setQueryData(['settings', 'profile'], {});
    const stop = await listenForDataChanges(client);
    await emit('data-changed', { resources: ['invoices'] });
    await vi.waitFor(() =>
      expect(client.getQueryState(['invoices', 'list', {}])?.isInvalidated).toBe(true),
    );
    expect(client.getQueryState(['settings', 'profile'])?.isInvalidated).toBe(false);
    stop();
  });

  it('survives a malformed payload', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const client = new QueryClient();
    client.setQueryData(['quotes', 'list', {}], []);
    const stop = await listenForDataChanges(client);
    await emit('data-changed', { resources: 'quotes' });
    await emit('data-changed', null);
    expect(client.getQueryState(['quotes', 'list', {}])?.isInvalidated).toBe(false);
    // Still listening after the bad payloads.
    await emit('data-changed', { resources: ['quotes'] });
    await vi.waitFor(() =>
      expect(client.getQueryState(['quotes', 'list', {}])?.isInvalidated).toBe(true),
    );
    stop();
  });
});
