/**
 * The shell around every screen: header, sections, global search, quick log,
 * help, and the shortcuts that work everywhere.
 */
import { AppShell, Divider, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure, useHotkeys, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppInfo } from '../api/types.ts';
import { useKeySequences } from '../hooks/useKeySequences.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useScope } from '../hooks/useScope.ts';
import { useFollowUpReminders } from '../hooks/useFollowUpReminders.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import type { About } from '../lib/about.ts';
import { sectionsFor } from '../lib/navigation.ts';
import { QuickLogContext } from '../lib/quickLogContext.ts';
import { navigate, useRoute } from '../router/router.ts';
import { AccountBanner } from './AccountBanner.tsx';
import { AccountMenu } from './account/AccountMenu.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';
import { HeaderBar } from './HeaderBar.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { NavBar } from './NavBar.tsx';
import { QuickLogModal } from './QuickLogModal.tsx';

export function AppFrame({ info, children }: { info: AppInfo; children: ReactNode }) {
  const route = useRoute();
  const [navOpened, nav] = useDisclosure(false);
  const [helpOpened, help] = useDisclosure(false);
  // Collapsed on wide screens too, for the board's columns at 1024 px; remembered across launches.
  const [navCollapsed, setNavCollapsed] = useLocalStorage({
    key: 'pantry.sections-collapsed',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  // Slid away, the sections must leave the tab order and the accessibility tree too (inert), not only the screen.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const sectionsHidden = navCollapsed && wide;
  const [quickLog, setQuickLog] = useState<{ opened: boolean; about: About | null }>({
    opened: false,
    about: null,
  });
  const status = useSyncStatus();
  useFollowUpReminders();
  const queue = useQuery('sync.queue', { limit: 1 });
  // The badge counts what the follow-ups screen shows: it follows that screen's Mine / Team.
  const followUpScope = useScope('follow_ups').scope;
  const followUps = useQuery('follow_ups.counts', { scope: followUpScope });
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const readOnly = info.role === 'viewer';
  const openQuickLog = useCallback(
    (about?: About) => {
      if (!readOnly) setQuickLog({ opened: true, about: about ?? null });
    },
    [readOnly],
  );
  // The record the page on screen is about: Mod+L and the header's Log button start with it.
  const pageAbout = useRef<About | null>(null);
  const setPageAbout = useCallback((about: About | null) => {
    pageAbout.current = about;
  }, []);
  const quickLogApi = useMemo(
    () => ({ open: openQuickLog, setPageAbout }),
    [openQuickLog, setPageAbout],
  );
  const quickLogHere = useCallback(
    () => openQuickLog(pageAbout.current ?? undefined),
    [openQuickLog],
  );

  useHotkeys([
    ['mod+J', () => setColorScheme(scheme === 'dark' ? 'light' : 'dark')],
    ['shift+?', () => help.open()],
    ['?', () => help.open()],
  ]);
  // Mod+L must work while typing in a field too (it is the app's one "log it now" key).
  useHotkeys([['mod+L', quickLogHere]], []);

  // What a role cannot use is not shown, nor reachable by shortcut (the server refuses it anyway).
  const sections = useMemo(() => sectionsFor(info.role), [info.role]);
  const goTo = useMemo(
    () => Object.fromEntries(sections.map((s) => [s.key, () => navigate(s.path)])),
    [sections],
  );
  useKeySequences('g', goTo);

  return (
    <QuickLogContext.Provider value={quickLogApi}>
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{
          width: 250,
          breakpoint: 'sm',
          collapsed: { mobile: !navOpened, desktop: navCollapsed },
        }}
        padding="lg"
      >
        <AppShell.Header>
          <HeaderBar
            info={info}
            status={status}
            queue={queue.data}
            navOpened={navOpened}
            onToggleNav={nav.toggle}
            navCollapsed={navCollapsed}
            onToggleCollapsed={() => setNavCollapsed((c) => !c)}
            onQuickLog={quickLogHere}
            onHelp={help.open}
          />
        </AppShell.Header>
        <AppShell.Navbar
          p="xs"
          id="app-sections"
          inert={sectionsHidden}
          style={sectionsHidden ? { visibility: 'hidden' } : undefined}
        >
          <NavBar
            sections={sections}
            current={route.path}
            followUps={followUps.data}
            queue={queue.data}
            onNavigate={nav.close}
          />
          <Divider my="xs" />
          <AccountMenu info={info} />
        </AppShell.Navbar>
        <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
          <div style={{ maxWidth: 1400, margin: '0 auto' }}>
            <AccountBanner info={info} status={status} />
            {children}
          </div>
        </AppShell.Main>
      </AppShell>
      <GlobalSearch onQuickLog={() => openQuickLog()} />
      <QuickLogModal
        opened={quickLog.opened}
        initialAbout={quickLog.about}
        onClose={() => setQuickLog((q) => ({ ...q, opened: false }))}
      />
      <HelpOverlay opened={helpOpened} onClose={help.close} />
    </QuickLogContext.Provider>
  );
}
