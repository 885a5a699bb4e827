import { Text, type TextProps } from '@mantine/core';
import { formatMoney } from '../format/money';

/** An amount in minor units, right-aligned-friendly with tabular figures. */
export function Money({
  amount,
  currency,
  testId,
  ...props
}: { amount: number; currency: string; testId?: string } & TextProps) {
  return (
    <Text span className="tabular" inherit data-testid={testId} {...props}>
      {formatMoney(amount, currency)}
    </Text>
  );
}
