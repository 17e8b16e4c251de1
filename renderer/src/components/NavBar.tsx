/** The sections, with what needs attention: overdue follow-ups, refused changes. */
import { Badge, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import type { FollowUpCounts, SyncQueue } from '../api/types.ts';
import type { Section } from '../lib/navigation.ts';
import { href } from '../router/router.ts';

export interface NavBarProps {
  /** The sections this user's role may use. */
  sections: Section[];
  current: string;
  followUps: FollowUpCounts | undefined;
  queue: SyncQueue | undefined;
  onNavigate?: () => void;
}

function isActive(section: string, current: string): boolean {
  if (section === '/') return current === '/' || current === '';
  return current === section || current.startsWith(`${section}/`);
}

export function NavBar({ sections, current, followUps, queue, onNavigate }: NavBarProps) {
  const due = (followUps?.overdue ?? 0) + (followUps?.due ?? 0);
  const rejected = queue?.counts.rejected ?? 0;
  const badge = (path: string) => {
    if (path === '/follow-ups' && due > 0)
      return (
        <Badge size="sm" color={followUps?.overdue ? 'red' : 'orange'} circle={due < 10}>
          {due}
        </Badge>
      );
    if (path === '/sync' && rejected > 0)
      return (
        <Badge size="sm" color="red" circle={rejected < 10}>
          {rejected}
        </Badge>
      );
    return null;
  };
  return (
    <ScrollArea type="auto" style={{ flex: 1 }}>
      <Stack gap={2} component="nav" aria-label="Sections">
        {sections.map((s) => (
          <NavLink
            key={s.path}
            href={href(s.path)}
            label={s.label}
            leftSection={<s.icon size={18} stroke={1.6} />}
            rightSection={
              badge(s.path) ?? (
                <Text size="xs" c="dimmed" ff="monospace" visibleFrom="md" aria-hidden>
                  g {s.key}
                </Text>
              )
            }
            active={isActive(s.path, current)}
            onClick={onNavigate}
            aria-current={isActive(s.path, current) ? 'page' : undefined}
          />
        ))}
      </Stack>
    </ScrollArea>
  );
}
