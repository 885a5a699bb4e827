import { Anchor, Divider, Grid, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Discount, LineItem, Totals } from '../../bindings';
import { formatDecimal } from '../../format/decimal';
import { formatMoney } from '../../format/money';
import { TotalsPanel } from './TotalsPanel';

export interface MetaField {
  label: string;
  value: ReactNode;
  testId?: string;
}

function discountNote(discount: Discount, currency: string): string | null {
  if (discount.kind === 'percent') return `${formatDecimal(discount.milli, 3)} % discount`;
  if (discount.kind === 'amount') return `${formatMoney(discount.minor, currency)} discount`;
  return null;
}

/** A read-only quote or invoice, laid out like the document the client receives. */
export function DocumentView({
  clientId,
  clientName,
  meta,
  items,
  totals,
  discount,
  currency,
  notes,
}: {
  clientId: number;
  clientName: string;
  meta: MetaField[];
  items: LineItem[];
  totals: Totals;
  discount: Discount;
  currency: string;
  notes: string | null;
}) {
  const note = discountNote(discount, currency);
  return (
    <Paper withBorder p="xl" data-testid="document-view">
      <Grid gutter="lg" mb="lg">
        <Grid.Col span={5}>
          <Text fz="xs" tt="uppercase" fw={600} c="dimmed" mb={4}>
            Bill to
          </Text>
          <Anchor
            component={Link}
            to={`/clients/${clientId}`}
            fw={600}
            data-testid="document-client"
          >
            {clientName}
          </Anchor>
        </Grid.Col>
        <Grid.Col span={7}>
          <Group gap="xl" justify="flex-end" align="flex-start">
            {meta.map((m) => (
              <div key={m.label}>
                <Text fz="xs" tt="uppercase" fw={600} c="dimmed" mb={4}>
                  {m.label}
                </Text>
                <Text fz="sm" fw={500} data-testid={m.testId}>
                  {m.value}
                </Text>
              </div>
            ))}
          </Group>
        </Grid.Col>
      </Grid>
      <Table verticalSpacing="sm" data-testid="document-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right" w={90}>
              Qty
            </Table.Th>
            <Table.Th ta="right" w={130}>
              Unit price
            </Table.Th>
            <Table.Th ta="right" w={80}>
              Tax
            </Table.Th>
            <Table.Th ta="right" w={140}>
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item, i) => (
            <Table.Tr key={i} data-testid="document-line">
              <Table.Td>{item.description}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatDecimal(item.quantity_milli, 3)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney(item.unit_price_minor, currency)}
              </Table.Td>
              <Table.Td ta="right" className="tabular" c="dimmed">
                {formatDecimal(item.tax_rate_milli, 3)} %
              </Table.Td>
              <Table.Td ta="right" className="tabular" fw={500}>
                {formatMoney(item.line_total_minor, currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Divider my="md" />
      <Grid gutter="lg">
        <Grid.Col span={7}>
          <Stack gap={6}>
            {note && (
              <Text fz="sm" c="dimmed">
                Includes a {note}.
              </Text>
            )}
            {notes && (
              <>
                <Text fz="xs" tt="uppercase" fw={600} c="dimmed">
                  Notes
                </Text>
                <Text fz="sm" style={{ whiteSpace: 'pre-line' }} data-testid="document-notes">
                  {notes}
                </Text>
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={5}>
          <TotalsPanel totals={totals} currency={currency} />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
