import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Page } from './Page';
import { ErrorState, PageSkeleton } from './States';

/**
 * Renders `children` once every query has data; until then a skeleton, or the first error
 * with a retry that refetches them all.
 */
export function QueryGate({
  queries,
  title,
  crumbs,
  children,
}: {
  queries: UseQueryResult[];
  title: string;
  crumbs?: { label: string; to: string }[];
  children: () => ReactNode;
}) {
  const failed = queries.find((q) => q.isError);
  if (failed) {
    return (
      <Page title={title} crumbs={crumbs}>
        <ErrorState error={failed.error} onRetry={() => queries.forEach((q) => void q.refetch())} />
      </Page>
    );
  }
  if (queries.some((q) => q.isPending)) return <PageSkeleton />;
  return <>{children()}</>;
}
