import { Button, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback } from 'react';
import {
  blankLine,
  lineErrorKey,
  moveLine,
  type FieldErrors,
  type LineDraft,
  type LineProp,
} from './draft';
import { LineRow } from './LineRow';

/**
 * Applies `update` to the lines the editor holds; `changed` names the error keys the edit
 * makes obsolete ('all' when lines moved and every `items[i]` key may point elsewhere).
 * It must be stable (as a state setter is) for the rows' memoisation to hold.
 */
export type LinesChange = (
  update: (lines: LineDraft[]) => LineDraft[],
  changed: string[] | 'all',
) => void;

interface LineItemsEditorProps {
  lines: LineDraft[];
  onLinesChange: LinesChange;
  currency: string;
  errors: FieldErrors;
  /** Net amount per line as core computed it; absent while the totals are being worked out. */
  lineTotals?: number[];
  defaultTaxRateMilli: number;
}

const MAX_LINES = 200;

export function LineItemsEditor({
  lines,
  onLinesChange,
  currency,
  errors,
  lineTotals,
  defaultTaxRateMilli,
}: LineItemsEditorProps) {
  const edit = useCallback(
    (index: number, prop: LineProp, value: string) =>
      onLinesChange(
        (current) => {
          const next = current.slice();
          next[index] = { ...current[index], [prop]: value };
          return next;
        },
        [lineErrorKey(index, prop)],
      ),
    [onLinesChange],
  );
  const remove = useCallback(
    (index: number) => onLinesChange((current) => current.filter((_, i) => i !== index), 'all'),
    [onLinesChange],
  );
  const move = useCallback(
    (from: number, to: number) => onLinesChange((current) => moveLine(current, from, to), 'all'),
    [onLinesChange],
  );
  const add = () => {
    const line = blankLine(defaultTaxRateMilli);
    onLinesChange((current) => [...current, line], []);
  };

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
          {lines.map((line, i) => (
            <LineRow
              key={line.key}
              line={line}
              index={i}
              count={lines.length}
              descriptionError={errors[lineErrorKey(i, 'description')]}
              quantityError={errors[lineErrorKey(i, 'quantity')]}
              unitPriceError={errors[lineErrorKey(i, 'unitPrice')]}
              taxRateError={errors[lineErrorKey(i, 'taxRate')]}
              amount={lineTotals?.[i]}
              currency={currency}
              onEdit={edit}
              onMove={move}
              onRemove={remove}
            />
          ))}
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
