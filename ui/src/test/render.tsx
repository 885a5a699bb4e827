import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { listenForDataChanges } from '../api/dataChanged';
import type { PageCursor, Resource } from '../bindings';
import { theme } from '../theme';

export type IpcHandler = (cmd: string, args: Record<string, unknown>) => unknown;

/**
 * Answers IPC like the backend: `handlers[cmd]` returns the data, or throws a wire error
 * object to make the command fail. Every call is recorded. A handler that changes data calls
 * `dataChanged` as the backend does; the rendered screen refetches what it names.
 */
export function mockBackend(handlers: Record<string, IpcHandler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) throw { code: 'internal', message: `unmocked command ${cmd}`, field: null };
      return handler(cmd, args);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** Emits `data-changed` like the backend after a change, before the command answers. */
export function dataChanged(...resources: Resource[]): void {
  void emit('data-changed', { resources });
}

export function renderWithProviders(
  ui: ReactElement,
  { route = '/', path = '*' }: { route?: string; path?: string } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  // As in the app; a test without mockBackend has no IPC, and nothing to listen to.
  listenForDataChanges(queryClient).catch(() => {});
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications />
          <MemoryRouter initialEntries={[route]}>
            <Routes>
              <Route path={path} element={ui} />
            </Routes>
          </MemoryRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** A list command's answer: `rows`, the whole list's `total`, and the cursor of the next page. */
export function pageOf<T>(rows: T[], total = rows.length, next: PageCursor | null = null) {
  return { rows, next, total };
}

export const wireError = (code: string, message: string, field: string | null = null) => ({
  code,
  message,
  field,
});

/** Gives every element a 1000×600 box: jsdom lays nothing out, and virtualised lists need one. */
export function stubViewport() {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
}
