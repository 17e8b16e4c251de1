import {
  Autocomplete,
  createTheme,
  Modal,
  MultiSelect,
  Notification,
  Select,
  type CSSVariablesResolver,
} from '@mantine/core';

/** One theme for light and dark: a calm green brand (food, growth), readable greys, visible focus rings. */
export const theme = createTheme({
  primaryColor: 'teal',
  // Teal 9 (#087f5b): white on it and it on white are 5:1; teal 7 and 8 were 3.1:1 and 3.9:1 (under WCAG AA's 4.5:1).
  primaryShade: { light: 9, dark: 9 },
  // Dark text on light fills (yellow badges, light teal in dark mode) where white would be unreadable.
  autoContrast: true,
  defaultRadius: 'md',
  focusRing: 'auto',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  // Icon-only buttons Mantine renders get names screen readers can say.
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Toasts ("Changes saved", "Undo"): their close button was a nameless icon (axe: button-name).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
    }),
    Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } }),
    MultiSelect: MultiSelect.extend({
      defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } },
    }),
    Autocomplete: Autocomplete.extend({
      defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } },
    }),
  },
});

/**
 * Mantine's stock greys and light-variant text fall under WCAG AA's 4.5:1 on
 * the backgrounds we use them on (dimmed #868e96 on white is 3.3:1, #828282 on
 * a dark card 3.5:1; orange and yellow badge text 3.9:1). These are the
 * nearest shades that reach 4.5:1 on every background they meet (white, grey
 * 0-2, the active navigation's light teal; dark body, cards and active teal).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#646b73',
    '--mantine-color-teal-light-color': '#066649',
    '--mantine-color-orange-light-color': '#a33a0b',
    '--mantine-color-yellow-light-color': '#8a5300',
    '--mantine-color-red-filled': '#c92a2a',
  },
  dark: {
    '--mantine-color-dimmed': '#adadad',
    '--mantine-color-red-filled': '#c92a2a',
  },
});

/** Engagement colors: the same everywhere (gauge, badge, filter). */
export const ENGAGEMENT_COLOR: Record<string, string> = {
  High: 'teal',
  Medium: 'yellow',
  Low: 'orange',
  Inactive: 'gray',
};

export const SENTIMENT_COLOR: Record<string, string> = {
  Positive: 'teal',
  Neutral: 'gray',
  Negative: 'red',
};

export const ADVOCACY_COLOR: Record<string, string> = {
  Champion: 'teal',
  Supporter: 'green',
  Neutral: 'gray',
  Skeptic: 'orange',
  Blocker: 'red',
};

export const URGENCY_COLOR: Record<string, string> = {
  overdue: 'red',
  due: 'orange',
  upcoming: 'blue',
  unscheduled: 'gray',
};

export const STAGE_COLOR: Record<string, string> = {
  'New Lead': 'gray',
  'Initial Outreach': 'blue',
  'Sample/Visit Offered': 'cyan',
  'Awaiting Response': 'yellow',
  'Feedback Logged': 'grape',
  'Demo Scheduled': 'indigo',
  'Closed - Won': 'teal',
  'Closed - Stalled': 'orange',
  'Closed - No Fit': 'red',
};
