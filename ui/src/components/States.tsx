import {
  Alert,
  Button,
  Center,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

export function EmptyState({
  icon,
  title,
  description,
  action,
  testId = 'empty-state',
}: {
  icon: ReactNode;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Center py={48} px="md" data-testid={testId}>
      <Stack align="center" gap="sm" maw={420} ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">
          {icon}
        </ThemeIcon>
        <Title order={4}>{title}</Title>
        {description && (
          <Text c="dimmed" fz="sm">
            {description}
          </Text>
        )}
        {action && <div style={{ marginTop: 8 }}>{action}</div>}
      </Stack>
    </Center>
  );
}

export function ErrorState({
  error,
  onRetry,
  title = 'This could not be loaded',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      icon={<IconAlertTriangle size={18} />}
      data-testid="error-state"
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <Text fz="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button
            size="xs"
            variant="white"
            color="red"
            leftSection={<IconRefresh size={14} />}
            onClick={onRetry}
            data-testid="retry"
          >
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function ListSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap={0} data-testid="loading" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={20} my={16} mx="md" width={`${90 - (i % 3) * 12}%`} />
      ))}
    </Stack>
  );
}

export function PageSkeleton() {
  return (
    <Stack gap="lg" px="xl" py="lg" data-testid="loading" aria-busy="true" aria-label="Loading">
      <Skeleton height={14} width={120} />
      <Skeleton height={30} width={280} />
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Skeleton height={16} width="60%" />
          <Skeleton height={16} width="80%" />
          <Skeleton height={16} width="40%" />
        </Stack>
      </Paper>
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Skeleton height={16} width="70%" />
          <Skeleton height={16} width="50%" />
        </Stack>
      </Paper>
    </Stack>
  );
}
