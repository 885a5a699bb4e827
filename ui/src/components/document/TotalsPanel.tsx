import { Divider, Group, Loader, Stack, Text } from '@mantine/core';
import type { Totals } from '../../bindings';
import { formatDecimal } from '../../format/decimal';
import { formatMoney } from '../../format/money';

function Row({
  label,
  value,
  testId,
  strong,
}: {
  label: string;
  value: string;
  testId: string;
  strong?: boolean;
}) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text fz={strong ? 'md' : 'sm'} fw={strong ? 700 : 400} c={strong ? undefined : 'dimmed'}>
        {label}
      </Text>
      <Text
        fz={strong ? 'lg' : 'sm'}
        fw={strong ? 700 : 500}
        className="tabular"
        data-testid={testId}
      >
        {value}
      </Text>
    </Group>
  );
}

/** Why the figures shown are an earlier state's, and whether the inputs at fault are marked. */
export interface Outdated {
  reason: string;
  highlighted: boolean;
}

/**
 * The document's totals exactly as core computed them. While some number cannot be read the
 * last figures stay for reference, faded and the total struck through, above what to fix.
 */
export function TotalsPanel({
  totals,
  currency,
  updating,
  outdated,
}: {
  totals: Totals | undefined;
  currency: string;
  updating?: boolean;
  outdated?: Outdated;
}) {
  const money = (amount: number | undefined) =>
    amount === undefined ? '—' : formatMoney(amount, currency);
  return (
    <Stack gap="xs" data-testid="totals" data-outdated={outdated ? true : undefined}>
      <Stack gap="xs" style={{ opacity: outdated ? 0.55 : 1 }}>
        <Row label="Subtotal" value={money(totals?.subtotal_minor)} testId="totals-subtotal" />
        {totals !== undefined && totals.discount_minor !== 0 && (
          <Row
            label="Discount"
            value={`−${money(totals.discount_minor)}`}
            testId="totals-discount"
          />
        )}
        {totals && totals.tax_breakdown.length > 1 ? (
          <>
            {totals.tax_breakdown.map((b) => (
              <Row
                key={b.tax_rate_milli}
                label={`Tax ${formatDecimal(b.tax_rate_milli, 3)} %`}
                value={money(b.tax_minor)}
                testId={`totals-tax-${b.tax_rate_milli}`}
              />
            ))}
            <Row label="Tax total" value={money(totals.tax_minor)} testId="totals-tax" />
          </>
        ) : (
          <Row
            label={
              totals?.tax_breakdown.length === 1
                ? `Tax ${formatDecimal(totals.tax_breakdown[0].tax_rate_milli, 3)} %`
                : 'Tax'
            }
            value={money(totals?.tax_minor)}
            testId="totals-tax"
          />
        )}
        <Divider my={4} />
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6}>
            <Text fw={700}>Total</Text>
            {updating && !outdated && <Loader size={12} />}
          </Group>
          <Text
            fz="xl"
            fw={outdated ? 400 : 700}
            td={outdated ? 'line-through' : undefined}
            className="tabular"
            data-testid="totals-total"
          >
            {money(totals?.total_minor)}
          </Text>
        </Group>
      </Stack>
      {outdated && (
        <div role="status">
          <Text fz="sm" fw={600} c="orange.8" data-testid="totals-outdated">
            {outdated.highlighted
              ? 'Not up to date — fix the highlighted fields'
              : 'Not up to date'}
          </Text>
          <Text fz="sm" c="dimmed" data-testid="totals-problem">
            {outdated.reason}
          </Text>
        </div>
      )}
    </Stack>
  );
}
