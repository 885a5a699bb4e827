import { Badge, Button, Group, Switch, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useClients } from '../../api/clients';
import type { ClientSummary } from '../../bindings';
import { OneLine } from '../../components/OneLine';
import { Page } from '../../components/Page';
import { SearchInput } from '../../components/SearchInput';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/States';
import { VirtualList, type Column } from '../../components/VirtualList';
import { countOf, formatCount } from '../../format/numbers';
import { ClientFormModal } from './ClientFormModal';

const COLUMNS: Column<ClientSummary>[] = [
  {
    key: 'name',
    header: 'Name',
    width: 'minmax(140px, 2fr)',
    render: (c) => (
      <Group gap="xs" wrap="nowrap">
        <OneLine text={c.name} fw={600} />
        {c.archived && (
          <Badge color="gray" size="xs" variant="outline">
            Archived
          </Badge>
        )}
      </Group>
    ),
  },
  {
    key: 'company',
    header: 'Company',
    width: 'minmax(100px, 1.5fr)',
    render: (c) => <OneLine text={c.company ?? '—'} c={c.company ? undefined : 'dimmed'} />,
  },
  {
    key: 'email',
    header: 'E-mail',
    width: 'minmax(120px, 2fr)',
    render: (c) => <OneLine text={c.email ?? '—'} c={c.email ? undefined : 'dimmed'} />,
  },
  {
    key: 'quotes',
    header: 'Open quotes',
    width: '104px',
    align: 'right',
    render: (c) => (
      <Text fz="sm" className="tabular">
        {c.open_quotes}
      </Text>
    ),
  },
  {
    key: 'invoices',
    header: 'Open invoices',
    width: '116px',
    align: 'right',
    render: (c) => (
      <Text fz="sm" className="tabular">
        {c.open_invoices}
      </Text>
    ),
  },
];

export function ClientsPage({ create = false }: { create?: boolean }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 120);
  const [includeArchived, setIncludeArchived] = useState(false);
  const clients = useClients({ search: debounced || null, include_archived: includeArchived });

  const openNew = () => navigate('/clients/new');
  const filtering = debounced !== '';

  let body;
  if (clients.isPending) body = <ListSkeleton />;
  else if (clients.isError) body = <ErrorState error={clients.error} onRetry={clients.refetch} />;
  else if (clients.total === 0)
    body = filtering ? (
      <EmptyState
        icon={<IconUsers size={28} />}
        title={`No client matches “${debounced}”`}
        description="Search looks at names, companies and e-mail addresses."
        action={
          <Button variant="default" onClick={() => setSearch('')}>
            Clear search
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<IconUsers size={28} />}
        title="No clients yet"
        description="Add the people and companies you work for, then write them quotes and invoices."
        action={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={openNew}
            data-testid="empty-new-client"
          >
            Add your first client
          </Button>
        }
      />
    );
  else
    body = (
      <VirtualList
        rows={clients.rows}
        total={clients.total}
        hasMore={clients.hasNextPage}
        loadingMore={clients.isFetchingNextPage}
        onEndReached={clients.fetchNextPage}
        columns={COLUMNS}
        rowKey={(c) => c.id}
        rowLabel={(c) => c.name}
        rowTestId={() => 'client-row'}
        onOpen={(c) => navigate(`/clients/${c.id}`)}
        testId="client-list"
        listKey={`${debounced}|${includeArchived}`}
      />
    );

  return (
    <Page
      fill
      testId="clients-page"
      title="Clients"
      subtitle={
        clients.isPending
          ? undefined
          : filtering
            ? `${formatCount(clients.total)} matching`
            : countOf(clients.total, 'client', 'clients')
      }
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={openNew} data-testid="new-client">
          New client
        </Button>
      }
    >
      <Group mb="md" gap="lg">
        <SearchInput
          value={search}
          onChange={setSearch}
          placeholder="Search name, company or e-mail"
          testId="client-search"
        />
        <Switch
          label="Show archived"
          checked={includeArchived}
          onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
          data-testid="show-archived"
        />
      </Group>
      {body}
      <ClientFormModal
        opened={create}
        onClose={() => navigate('/clients')}
        onSaved={(client) => navigate(`/clients/${client.id}`, { replace: true })}
      />
    </Page>
  );
}
