/** The app's sections, in navigation order, with their "g then key" shortcut. */
import type { MemberRole } from '../../../sync/schema/index.ts';
import {
  IconAddressBook,
  IconBuildingStore,
  IconChecklist,
  IconCloudDataConnection,
  IconFileSpreadsheet,
  IconLayoutDashboard,
  IconPackage,
  IconShieldLock,
  IconTargetArrow,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';

export interface Section {
  path: string;
  label: string;
  icon: Icon;
  /** Pressed after `g`. */
  key: string;
  /** Only these roles see the section (all when absent). */
  roles?: readonly MemberRole[];
}

/** Owners and admins manage members and devices (the server checks again; a local workspace's user is its owner). */
export const ADMIN_ROLES: readonly MemberRole[] = ['owner', 'admin'];

export function canAdminister(role: MemberRole | null): boolean {
  return role !== null && ADMIN_ROLES.includes(role);
}

export const SECTIONS: Section[] = [
  { path: '/', label: 'Dashboard', icon: IconLayoutDashboard, key: 'd' },
  { path: '/organizations', label: 'Organizations', icon: IconBuildingStore, key: 'o' },
  { path: '/contacts', label: 'Contacts', icon: IconAddressBook, key: 'c' },
  { path: '/products', label: 'Products', icon: IconPackage, key: 'p' },
  { path: '/opportunities', label: 'Opportunities', icon: IconTargetArrow, key: 'y' },
  { path: '/follow-ups', label: 'Follow-ups', icon: IconChecklist, key: 'f' },
  { path: '/import', label: 'Import & export', icon: IconFileSpreadsheet, key: 'i' },
  { path: '/trash', label: 'Trash', icon: IconTrash, key: 't' },
  { path: '/sync', label: 'Sync', icon: IconCloudDataConnection, key: 's' },
  { path: '/admin', label: 'Admin', icon: IconShieldLock, key: 'a', roles: ADMIN_ROLES },
];

/** The sections a role may use: the rest are not shown (nor reachable by shortcut). Unknown role (before the first sync): only the open ones. */
export function sectionsFor(role: MemberRole | null): Section[] {
  return SECTIONS.filter((s) => !s.roles || (role !== null && s.roles.includes(role)));
}

export interface Shortcut {
  keys: string[];
  what: string;
}

/** Shown in the help overlay (press ?), for the sections this role sees. Mod is Ctrl, or Cmd on a Mac. */
export function shortcutsFor(role: MemberRole | null): { group: string; items: Shortcut[] }[] {
  return [
    {
      group: 'Anywhere',
      items: [
        { keys: ['Mod', 'K'], what: 'Search everything' },
        { keys: ['Mod', 'L'], what: 'Log an interaction' },
        { keys: ['Mod', 'J'], what: 'Switch light / dark theme' },
        { keys: ['?'], what: 'Show these shortcuts' },
        ...sectionsFor(role).map((s) => ({ keys: ['g', s.key], what: `Go to ${s.label}` })),
      ],
    },
    {
      group: 'Lists',
      items: [
        { keys: ['/'], what: 'Focus the search box' },
        { keys: ['n'], what: 'New record' },
        { keys: ['Tab'], what: 'Move between rows; Enter opens one' },
      ],
    },
    {
      group: 'Quick log and forms',
      items: [
        { keys: ['Mod', 'Enter'], what: 'Save' },
        { keys: ['Esc'], what: 'Close without saving' },
      ],
    },
    {
      group: 'Pipeline board',
      items: [
        { keys: ['['], what: 'Move the focused opportunity one stage back' },
        { keys: [']'], what: 'Move the focused opportunity one stage on' },
        { keys: ['Space'], what: 'Pick up a card; arrows move it, Space drops, Esc cancels' },
        { keys: ['Enter'], what: 'Open the focused opportunity' },
      ],
    },
  ];
}
