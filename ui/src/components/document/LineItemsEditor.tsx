import { ActionIcon, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { formatMoney } from '../../format/money';
import { blankLine, moveLine, type FieldErrors, type LineDraft } from './draft';

interface LineItemsEditorProps {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  currency: string;
  errors: FieldErrors;
  /** Net amount per line as core computed it; absent while the totals are being worked out. */
  lineTotals?: number[];
  defaultTaxRateMilli: number;
}

const MAX_LINES = 200;

export function LineItemsEditor({
  lines,
  onChange,
  currency,
  errors,
  lineTotals,
  defaultTaxRateMilli,
}: LineItemsEditorProps) {
  const update = (index: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const remove = (index: number) => onChange(lines.filter((_, i) => i !== index));
  const move = (from: number, to: number) => onChange(moveLine(lines, from, to));
  const add = () => onChange([...lines, blankLine(defaultTaxRateMilli)]);

  return (
    <div data-testid="line-items">
      <Table verticalSpacing={6} horizontalSpacing={6} layout="fixed" withRowBorders={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th w={76} ta="right">
              Qty
            </Table.Th>
            <Table.Th w={112} ta="right">
              Unit price
            </Table.Th>
            <Table.Th w={72} ta="right">
              Tax %
            </Table.Th>
            <Table.Th w={108} ta="right">
              Amount
            </Table.Th>
            <Table.Th w={96} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, i) => {
            const err = (name: string) => errors[`items[${i}].${name}`];
            const amount = lineTotals?.[i];
            return (
              <Table.Tr
                key={line.key}
                className="line-items-row"
                data-testid="line-item-row"
                style={{ verticalAlign: 'top' }}
              >
                <Table.Td>
                  <TextInput
                    aria-label={`Line ${i + 1} description`}
                    placeholder="What you deliver"
                    value={line.description}
                    onChange={(e) => update(i, { description: e.currentTarget.value })}
                    error={err('description')}
                    data-testid="line-description"
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    className="number-input"
                    aria-label={`Line ${i + 1} quantity`}
                    inputMode="decimal"
                    value={line.quantity}
                    onChange={(e) => update(i, { quantity: e.currentTarget.value })}
                    error={err('quantity_milli')}
                    data-testid="line-quantity"
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    className="number-input"
                    aria-label={`Line ${i + 1} unit price`}
                    inputMode="decimal"
                    placeholder="0.00"
                    value={line.unitPrice}
                    onChange={(e) => update(i, { unitPrice: e.currentTarget.value })}
                    error={err('unit_price_minor')}
                    data-testid="line-unit-price"
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    className="number-input"
                    aria-label={`Line ${i + 1} tax rate`}
                    inputMode="decimal"
                    value={line.taxRate}
                    onChange={(e) => update(i, { taxRate: e.currentTarget.value })}
                    error={err('tax_rate_milli')}
                    data-testid="line-tax-rate"
                  />
                </Table.Td>
                <Table.Td ta="right" pt={14}>
                  <Text
                    fz="sm"
                    fw={500}
                    className="tabular"
                    data-testid="line-amount"
                    c={amount === undefined ? 'dimmed' : undefined}
                  >
                    {amount === undefined ? '—' : formatMoney(amount, currency)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap" justify="flex-end" pt={4}>
                    <Tooltip label="Move up" openDelay={500}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move line ${i + 1} up`}
                        disabled={i === 0}
                        onClick={() => move(i, i - 1)}
                        data-testid="line-move-up"
                      >
                        <IconArrowUp size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Move down" openDelay={500}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move line ${i + 1} down`}
                        disabled={i === lines.length - 1}
                        onClick={() => move(i, i + 1)}
                        data-testid="line-move-down"
                      >
                        <IconArrowDown size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Remove line" openDelay={500}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove line ${i + 1}`}
                        disabled={lines.length === 1}
                        onClick={() => remove(i)}
                        data-testid="line-remove"
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {errors.items && (
        <Text c="red" fz="sm" mt="xs">
          {errors.items}
        </Text>
      )}
      <Button
        variant="light"
        leftSection={<IconPlus size={16} />}
        mt="sm"
        onClick={add}
        disabled={lines.length >= MAX_LINES}
        data-testid="add-line"
      >
        Add line
      </Button>
    </div>
  );
}
