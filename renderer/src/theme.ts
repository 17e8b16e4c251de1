import { Autocomplete, createTheme, Modal, MultiSelect, Select } from '@mantine/core';

/** One theme for light and dark: a calm green brand (food, growth), readable greys, visible focus rings. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 8 },
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
    Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } }),
    MultiSelect: MultiSelect.extend({
      defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } },
    }),
    Autocomplete: Autocomplete.extend({
      defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } },
    }),
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
