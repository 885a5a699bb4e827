import { Button, Group } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { PagedList } from '../api/paging';
import type { InvoiceStatus, QuoteStatus } from '../bindings';
import { countOf, formatCount } from '../format/numbers';
import { Page } from './Page';
import { SearchInput } from './SearchInput';
import { EmptyState, ErrorState, ListSkeleton } from './States';
import { StatusFilter } from './StatusFilter';
import { statusLabel } from './statusLabels';
import { VirtualList, type Column } from './VirtualList';

export interface DocumentFilter<S> {
  status: S | null;
  client_id: number | null;
  search: string | null;
}

interface DocumentListPageProps<S extends QuoteStatus | InvoiceStatus, R extends { id: number }> {
  /** "quote" or "invoice": used in titles, paths (/quotes) and test ids (quote-row). */
  noun: 'quote' | 'invoice';
  icon: ReactNode;
  statuses: S[];
  useRows: (filter: DocumentFilter<S>) => PagedList<R>;
  columns: Column<R>[];
  rowLabel: (row: R) => string;
  emptyDescription: string;
}

/** The quote and invoice lists: status tabs, search, a virtualised list and its states. */
export function DocumentListPage<S extends QuoteStatus | InvoiceStatus, R extends { id: number }>({
  noun,
  icon,
  statuses,
  useRows,
  columns,
  rowLabel,
  emptyDescription,
}: DocumentListPageProps<S, R>) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status') as S | null;
  const status: S | 'all' = requested && statuses.includes(requested) ? requested : 'all';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 120);
  const list = useRows({
    status: status === 'all' ? null : status,
    client_id: null,
    search: debounced || null,
  });

  const plural = `${noun}s`;
  const title = noun === 'quote' ? 'Quotes' : 'Invoices';
  const newPath = `/${plural}/new`;
  const setStatus = (value: S | 'all') =>
    setParams(value === 'all' ? {} : { status: value }, { replace: true });
  const filtered = status !== 'all' || debounced !== '';

  let body;
  if (list.isPending) body = <ListSkeleton />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={list.refetch} />;
  else if (list.total === 0 && filtered)
    body = (
      <EmptyState
        icon={icon}
        title={
          status === 'all'
            ? `No ${noun} matches your search`
            : `No ${statusLabel(status).toLowerCase()} ${plural}`
        }
        description="Try another status or search term."
        action={
          <Button
            variant="default"
            onClick={() => {
              setSearch('');
              setStatus('all');
            }}
          >
            Show all {plural}
          </Button>
        }
      />
    );
  else if (list.total === 0)
    body = (
      <EmptyState
        icon={icon}
        title={`No ${plural} yet`}
        description={emptyDescription}
        action={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => navigate(newPath)}
            data-testid={`empty-new-${noun}`}
          >
            Write your first {noun}
          </Button>
        }
      />
    );
  else
    body = (
      <VirtualList
        rows={list.rows}
        total={list.total}
        hasMore={list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onEndReached={list.fetchNextPage}
        columns={columns}
        rowKey={(r) => r.id}
        rowLabel={rowLabel}
        rowTestId={() => `${noun}-row`}
        onOpen={(r) => navigate(`/${plural}/${r.id}`)}
        testId={`${noun}-list`}
        listKey={`${status}|${debounced}`}
      />
    );

  return (
    <Page
      fill
      testId={`${plural}-page`}
      title={title}
      subtitle={
        list.isPending
          ? undefined
          : filtered
            ? `${formatCount(list.total)} matching`
            : countOf(list.total, noun, plural)
      }
      actions={
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => navigate(newPath)}
          data-testid={`new-${noun}`}
        >
          New {noun}
        </Button>
      }
    >
      <Group mb="md" gap="md" wrap="nowrap">
        <StatusFilter
          value={status}
          onChange={setStatus}
          statuses={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
          testId={`${noun}-status-filter`}
        />
        <SearchInput
          value={search}
          onChange={setSearch}
          placeholder="Search number or client"
          testId={`${noun}-search`}
        />
      </Group>
      {body}
    </Page>
  );
}
