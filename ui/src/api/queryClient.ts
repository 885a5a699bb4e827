import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Local IPC is fast and the backend tells us when data changes; a retry only helps
        // with transient failures, never with a validation or not-found answer.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 1 && !(error instanceof ApiError && error.code !== 'internal'),
      },
      mutations: { retry: false },
    },
  });
}
