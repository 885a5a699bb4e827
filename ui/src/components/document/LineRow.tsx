import { ActionIcon, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { memo } from 'react';
import { formatMoney } from '../../format/money';
import type { LineDraft, LineProp } from './draft';

export interface LineRowProps {
  line: LineDraft;
  index: number;
  count: number;
  descriptionError?: string;
  quantityError?: string;
  unitPriceError?: string;
  taxRateError?: string;
  /** Net amount as core computed it; absent while the totals are being worked out. */
  amount?: number;
  currency: string;
  onEdit: (index: number, prop: LineProp, value: string) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}

/**
 * One line of the editor. Memoised, and given only plain values and stable callbacks, so a
 * keystroke re-renders the line typed in rather than all 200.
 */
export const LineRow = memo(function LineRow({
  line,
  index: i,
  count,
  descriptionError,
  quantityError,
  unitPriceError,
  taxRateError,
  amount,
  currency,
  onEdit,
  onMove,
  onRemove,
}: LineRowProps) {
  return (
    <Table.Tr
      className="line-items-row"
      data-testid="line-item-row"
      style={{ verticalAlign: 'top' }}
    >
      <Table.Td>
        <TextInput
          aria-label={`Line ${i + 1} description`}
          placeholder="What you deliver"
          value={line.description}
          onChange={(e) => onEdit(i, 'description', e.currentTarget.value)}
          error={descriptionError}
          data-testid="line-description"
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          className="number-input"
          aria-label={`Line ${i + 1} quantity`}
          inputMode="decimal"
          value={line.quantity}
          onChange={(e) => onEdit(i, 'quantity', e.currentTarget.value)}
          error={quantityError}
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
          onChange={(e) => onEdit(i, 'unitPrice', e.currentTarget.value)}
          error={unitPriceError}
          data-testid="line-unit-price"
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          className="number-input"
          aria-label={`Line ${i + 1} tax rate`}
          inputMode="decimal"
          value={line.taxRate}
          onChange={(e) => onEdit(i, 'taxRate', e.currentTarget.value)}
          error={taxRateError}
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
              onClick={() => onMove(i, i - 1)}
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
              disabled={i === count - 1}
              onClick={() => onMove(i, i + 1)}
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
              disabled={count === 1}
              onClick={() => onRemove(i)}
              data-testid="line-remove"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});
