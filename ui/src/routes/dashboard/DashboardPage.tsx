import { Anchor, Button, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  IconAlarm,
  IconFileDollar,
  IconFileText,
  IconReceipt,
  IconSparkles,
  IconUserPlus,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCalendly } from '../../api/calendly';
import { useDashboard } from '../../api/dashboard';
import { useFirstScreenMarker } from '../../api/startup';
import { calendlyActive } from '../../components/meetings/calendlyAccess';
import { useDashboardWidget } from '../../components/meetings/preferences';
import { InvoiceTable, QuoteTable } from '../../components/DocumentTables';
import { Page } from '../../components/Page';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/States';
import { countOf } from '../../format/numbers';
import { MeetingMeasuresCard } from './MeetingMeasuresCard';
import { MonthlyCard } from './MonthlyCard';
import { StatCard } from './StatCard';
import { UpcomingMeetingsWidget } from './UpcomingMeetingsWidget';

function Nothing({ children }: { children: ReactNode }) {
  return (
    <Text fz="sm" c="dimmed" py="md">
      {children}
    </Text>
  );
}

function RecentCard({
  title,
  to,
  linkLabel,
  testId,
  children,
}: {
  title: string;
  to: string;
  linkLabel: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" h="100%" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        <Anchor component={Link} to={to} fz="sm">
          {linkLabel}
        </Anchor>
      </Group>
      {children}
    </Paper>
  );
}

export function DashboardPage() {
  const navigate = useNavigate();
  const dashboard = useDashboard();
  const calendly = useCalendly();
  const [widgetShown] = useDashboardWidget();
  const showMeetings = calendlyActive(calendly.data) && widgetShown;
  useFirstScreenMarker(dashboard.isSuccess);

  const quickActions = (
    <>
      <Button
        variant="default"
        leftSection={<IconUserPlus size={16} />}
        onClick={() => navigate('/clients/new')}
        data-testid="quick-new-client"
      >
        New client
      </Button>
      <Button
        variant="default"
        leftSection={<IconFileText size={16} />}
        onClick={() => navigate('/quotes/new')}
        data-testid="quick-new-quote"
      >
        New quote
      </Button>
      <Button
        leftSection={<IconFileDollar size={16} />}
        onClick={() => navigate('/invoices/new')}
        data-testid="quick-new-invoice"
      >
        New invoice
      </Button>
    </>
  );

  if (dashboard.isPending) return <PageSkeleton />;
  if (dashboard.isError) {
    return (
      <Page title="Dashboard" actions={quickActions}>
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      </Page>
    );
  }
  const d = dashboard.data;
  const brandNew =
    d.counts.clients === 0 && d.recent_quotes.length === 0 && d.recent_invoices.length === 0;

  return (
    <Page
      title="Dashboard"
      subtitle="Where the money stands"
      actions={quickActions}
      testId="dashboard-page"
    >
      <Stack gap="lg">
        {brandNew && (
          <Paper withBorder p="lg" data-testid="welcome">
            <EmptyState
              icon={<IconSparkles size={28} />}
              title="Welcome to Quotla"
              description="Start by adding a client. Then write them a quote, and turn it into an invoice once they accept."
              action={
                <Group gap="sm" justify="center">
                  <Button
                    leftSection={<IconUserPlus size={16} />}
                    onClick={() => navigate('/clients/new')}
                  >
                    Add your first client
                  </Button>
                  <Button variant="default" component={Link} to="/settings">
                    Set up your business
                  </Button>
                </Group>
              }
            />
          </Paper>
        )}
        <SimpleGrid cols={3} spacing="lg">
          <StatCard
            title="Open quotes"
            icon={<IconFileText size={18} />}
            color="indigo"
            amounts={d.open_quotes}
            emptyText="No quotes waiting for an answer"
            countLabel={(n) => `${countOf(n, 'quote', 'quotes')} awaiting an answer`}
            testId="stat-open-quotes"
          />
          <StatCard
            title="Outstanding"
            icon={<IconReceipt size={18} />}
            color="blue"
            amounts={d.outstanding_invoices}
            emptyText="Every issued invoice is paid"
            countLabel={(n) => `${countOf(n, 'invoice', 'invoices')} not yet paid`}
            testId="stat-outstanding"
          />
          <StatCard
            title="Overdue"
            icon={<IconAlarm size={18} />}
            color="red"
            amounts={d.overdue_invoices}
            emptyText="Nothing is overdue"
            countLabel={(n) => `${countOf(n, 'invoice', 'invoices')} past the due date`}
            testId="stat-overdue"
          />
        </SimpleGrid>
        <Text fz="sm" c="dimmed" data-testid="dashboard-counts">
          {countOf(d.counts.clients, 'client', 'clients')} ·{' '}
          {countOf(d.counts.draft_quotes, 'draft quote', 'draft quotes')} ·{' '}
          {countOf(d.counts.draft_invoices, 'draft invoice', 'draft invoices')}
        </Text>
        <MonthlyCard monthly={d.monthly} />
        {showMeetings && (
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <UpcomingMeetingsWidget />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <MeetingMeasuresCard />
            </Grid.Col>
          </Grid>
        )}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <RecentCard
              title="Recent quotes"
              to="/quotes"
              linkLabel="All quotes"
              testId="recent-quotes"
            >
              <QuoteTable
                compact
                quotes={d.recent_quotes}
                meetingBadges
                empty={<Nothing>No quotes yet.</Nothing>}
              />
            </RecentCard>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <RecentCard
              title="Recent invoices"
              to="/invoices"
              linkLabel="All invoices"
              testId="recent-invoices"
            >
              <InvoiceTable
                compact
                invoices={d.recent_invoices}
                meetingBadges
                empty={<Nothing>No invoices yet.</Nothing>}
              />
            </RecentCard>
          </Grid.Col>
        </Grid>
      </Stack>
    </Page>
  );
}
