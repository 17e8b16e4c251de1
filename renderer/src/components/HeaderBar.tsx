/** Workspace name, search, quick log, sync status, theme and help: the same on every screen. */
import {
  ActionIcon,
  Burger,
  Button,
  Group,
  Kbd,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import {
  IconHelp,
  IconPencilPlus,
  IconSearch,
  IconBasket,
  IconLayoutSidebarLeftCollapse,
  IconLayoutSidebarLeftExpand,
} from '@tabler/icons-react';
import type { AppInfo, SyncQueue } from '../api/types.ts';
import type { SyncStatus } from '../lib/parseSyncStatus.ts';
import { MOD_KEY } from '../lib/platform.ts';
import { href } from '../router/router.ts';
import { SyncIndicator } from './SyncIndicator.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

export interface HeaderBarProps {
  info: AppInfo;
  status: SyncStatus | null;
  queue: SyncQueue | undefined;
  navOpened: boolean;
  onToggleNav: () => void;
  /** Wide screens: the sections column hidden (more room for the board). */
  navCollapsed: boolean;
  onToggleCollapsed: () => void;
  onQuickLog: () => void;
  onHelp: () => void;
}

export function HeaderBar({
  info,
  status,
  queue,
  navOpened,
  onToggleNav,
  navCollapsed,
  onToggleCollapsed,
  onQuickLog,
  onHelp,
}: HeaderBarProps) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label="Show sections"
        />
        <Tooltip label={navCollapsed ? 'Show sections' : 'Hide sections'}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            visibleFrom="sm"
            onClick={onToggleCollapsed}
            aria-label={navCollapsed ? 'Show sections' : 'Hide sections'}
            aria-expanded={!navCollapsed}
            aria-controls="app-sections"
            data-testid="sections-toggle"
          >
            {navCollapsed ? (
              <IconLayoutSidebarLeftExpand size={20} />
            ) : (
              <IconLayoutSidebarLeftCollapse size={20} />
            )}
          </ActionIcon>
        </Tooltip>
        <UnstyledButton component="a" href={href('/')} aria-label="Pantry CRM — dashboard">
          <Group gap={8} wrap="nowrap">
            <IconBasket size={24} color="var(--mantine-primary-color-filled)" />
            <Text fw={700} visibleFrom="xs">
              Pantry CRM
            </Text>
          </Group>
        </UnstyledButton>
        <Text c="dimmed" size="sm" truncate visibleFrom="md" title={info.account.workspace_name}>
          {info.account.workspace_name}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button
          variant="default"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">{MOD_KEY} K</Kbd>}
          onClick={() => spotlight.open()}
          visibleFrom="md"
          w={260}
          justify="space-between"
          styles={{ label: { color: 'var(--mantine-color-dimmed)', fontWeight: 400 } }}
        >
          Search…
        </Button>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Search"
          onClick={() => spotlight.open()}
          hiddenFrom="md"
        >
          <IconSearch size={18} />
        </ActionIcon>
        {info.role !== 'viewer' && (
          <Tooltip label="Log an interaction (Ctrl/Cmd + L)">
            <Button
              leftSection={<IconPencilPlus size={16} />}
              onClick={onQuickLog}
              aria-keyshortcuts="Control+L Meta+L"
            >
              Log
            </Button>
          </Tooltip>
        )}
        <SyncIndicator kind={info.account.kind} status={status} queue={queue} />
        <ThemeToggle />
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={onHelp}>
            <IconHelp size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
