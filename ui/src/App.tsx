import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { listenForDataChanges } from './api/dataChanged';
import { listenForNotices } from './api/notices';
import { createQueryClient } from './api/queryClient';
import { userLocale } from './format/locale';
import { createAppRouter } from './router';
import { theme } from './theme';

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [router] = useState(createAppRouter);

  useEffect(() => {
    const unlisten: (() => void)[] = [];
    let cancelled = false;
    const keep = (stop: () => void) => (cancelled ? stop() : unlisten.push(stop));
    listenForDataChanges(queryClient)
      .then(keep)
      .catch((error: unknown) => console.warn('data-changed listener unavailable', error));
    listenForNotices()
      .then(keep)
      .catch((error: unknown) => console.warn('notices listener unavailable', error));
    return () => {
      cancelled = true;
      unlisten.forEach((stop) => stop());
    };
  }, [queryClient]);

  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: userLocale().slice(0, 2), firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <ModalsProvider>
            <Notifications position="bottom-right" autoClose={3500} limit={3} />
            <RouterProvider router={router} />
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
