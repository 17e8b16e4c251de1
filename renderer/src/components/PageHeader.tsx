import { Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { RouterLink } from './RouterLink.tsx';

export interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** [label, route] pairs leading to this page. */
  crumbs?: [string, string][];
  badges?: ReactNode;
}

export function PageHeader({ title, subtitle, actions, crumbs, badges }: PageHeaderProps) {
  return (
    <Stack gap={4} mb="md">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6}>
          {crumbs.map(([label, to]) => (
            <RouterLink key={to} to={to} size="sm">
              {label}
            </RouterLink>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="sm" wrap="wrap">
            {/* The page's one h1, sized like the h2 it used to be: the app frame has no other h1. */}
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
            {badges}
          </Group>
          {subtitle && (
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          )}
        </Stack>
        {actions && (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        )}
      </Group>
    </Stack>
  );
}
