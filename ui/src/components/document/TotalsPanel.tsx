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

/** The document's totals exactly as core computed them. */
export function TotalsPanel({
  totals,
  currency,
  updating,
  stale,
}: {
  totals: Totals | undefined;
  currency: string;
  updating?: boolean;
  /** The figures belong to an earlier state of the editor (some line cannot be read). */
  stale?: boolean;
}) {
  const money = (amount: number | undefined) =>
    amount === undefined ? '—' : formatMoney(amount, currency);
  return (
    <Stack gap="xs" data-testid="totals" style={{ opacity: stale ? 0.55 : 1 }}>
      <Row label="Subtotal" value={money(totals?.subtotal_minor)} testId="totals-subtotal" />
      {totals !== undefined && totals.discount_minor !== 0 && (
        <Row label="Discount" value={`−${money(totals.discount_minor)}`} testId="totals-discount" />
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
          {updating && <Loader size={12} />}
        </Group>
        <Text fz="xl" fw={700} className="tabular" data-testid="totals-total">
          {money(totals?.total_minor)}
        </Text>
      </Group>
      {stale && (
        <Text fz="xs" c="dimmed">
          Totals update once every line has a valid quantity, price and tax rate.
        </Text>
      )}
    </Stack>
  );
}
