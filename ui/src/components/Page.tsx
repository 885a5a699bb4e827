import { Anchor, Box, Breadcrumbs, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface PageProps {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  crumbs?: { label: string; to: string }[];
  /** Lists manage their own scrolling (virtualised); other pages scroll as a whole. */
  fill?: boolean;
  testId?: string;
  children: ReactNode;
}

/** The frame of every screen: breadcrumbs, title, actions, then the content. */
export function Page({ title, subtitle, actions, crumbs, fill, testId, children }: PageProps) {
  const header = (
    <Group justify="space-between" align="center" wrap="wrap" mb="lg" gap="md">
      {/* The title keeps a readable width; when the actions do not fit beside it they wrap
          below it instead of squeezing it. */}
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 300px' }}>
        {crumbs && (
          <Breadcrumbs separator="›" fz="sm">
            {crumbs.map((c) => (
              <Anchor key={c.to} component={Link} to={c.to} c="dimmed" fz="sm">
                {c.label}
              </Anchor>
            ))}
          </Breadcrumbs>
        )}
        <Title order={2} fz={26} lh={1.2}>
          {title}
        </Title>
        {subtitle && (
          <Text c="dimmed" fz="sm" data-testid={testId && `${testId}-subtitle`}>
            {subtitle}
          </Text>
        )}
      </Stack>
      {actions && (
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          {actions}
        </Group>
      )}
    </Group>
  );

  if (fill) {
    return (
      <Box
        className="wrap-anywhere"
        data-testid={testId}
        px="xl"
        pt="lg"
        pb="lg"
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        {header}
        {children}
      </Box>
    );
  }
  return (
    <ScrollArea style={{ flex: 1 }} type="auto">
      <Box className="wrap-anywhere" data-testid={testId} px="xl" py="lg" maw={1200}>
        {header}
        {children}
      </Box>
    </ScrollArea>
  );
}
