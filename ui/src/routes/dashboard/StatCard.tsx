import { Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CurrencyAmount } from '../../bindings';
import { Money } from '../../components/Money';

/** One figure of the dashboard, with one line per currency (currencies are never added). */
export function StatCard({
  title,
  icon,
  color,
  amounts,
  emptyText,
  countLabel,
  testId,
}: {
  title: string;
  icon: ReactNode;
  color: string;
  amounts: CurrencyAmount[];
  emptyText: string;
  countLabel: (count: number) => string;
  testId: string;
}) {
  const count = amounts.reduce((sum, a) => sum + a.count, 0);
  return (
    <Paper
      withBorder
      p="lg"
      data-testid={testId}
      style={{ borderTop: `3px solid var(--mantine-color-${color}-6)` }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Text fz="sm" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.03em' }}>
          {title}
        </Text>
        <ThemeIcon variant="light" color={color} radius="md" size={34}>
          {icon}
        </ThemeIcon>
      </Group>
      {amounts.length === 0 ? (
        <>
          <Text fz={28} fw={700} c="dimmed" lh={1.2} data-testid="stat-empty">
            —
          </Text>
          <Text fz="sm" c="dimmed" mt={4}>
            {emptyText}
          </Text>
        </>
      ) : (
        <>
          <Stack gap={2}>
            {amounts.map((a, i) => (
              <Money
                key={a.currency}
                amount={a.amount_minor}
                currency={a.currency}
                fz={i === 0 ? 28 : 'lg'}
                fw={700}
                lh={1.2}
                c={i === 0 ? undefined : 'dark.4'}
                testId="stat-amount"
                data-currency={a.currency}
              />
            ))}
          </Stack>
          <Text fz="sm" c="dimmed" mt={4} data-testid="stat-count">
            {countLabel(count)}
          </Text>
        </>
      )}
    </Paper>
  );
}
