import { Paper, Tabs, Text } from '@mantine/core';
import { useClientInvoices, useClientQuotes } from '../../api/clients';
import type { ClientDetail } from '../../bindings';
import { InvoiceTable, QuoteTable } from '../../components/DocumentTables';
import { ShowMore } from '../../components/ShowMore';
import { formatCount } from '../../format/numbers';

/**
 * A client's quotes and invoices in tabs. The client's page brings the first page of each;
 * a client of many years has hundreds, read on a page at a time when asked for.
 */
export function ClientDocuments({ detail }: { detail: ClientDetail }) {
  const { client } = detail;
  const quotes = useClientQuotes(client.id, detail.quotes);
  const invoices = useClientInvoices(client.id, detail.invoices);
  return (
    <Paper withBorder p="lg">
      <Tabs defaultValue="quotes">
        <Tabs.List mb="sm">
          <Tabs.Tab value="quotes" data-testid="client-tab-quotes">
            Quotes ({formatCount(quotes.total)})
          </Tabs.Tab>
          <Tabs.Tab value="invoices" data-testid="client-tab-invoices">
            Invoices ({formatCount(invoices.total)})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="quotes">
          <QuoteTable
            quotes={quotes.rows}
            showClient={false}
            empty={
              <Text fz="sm" c="dimmed" py="md">
                No quotes for {client.name} yet.
              </Text>
            }
          />
          <ShowMore list={quotes} label="Show more" testId="client-quotes-more" />
        </Tabs.Panel>
        <Tabs.Panel value="invoices">
          <InvoiceTable
            invoices={invoices.rows}
            showClient={false}
            empty={
              <Text fz="sm" c="dimmed" py="md">
                No invoices for {client.name} yet.
              </Text>
            }
          />
          <ShowMore list={invoices} label="Show more" testId="client-invoices-more" />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
