/**
 * The quick log: what happened, with whom, how it went, and when to follow up,
 * saved at once on this computer (interactions.log). Opens from anywhere with
 * Mod+L (about the record on screen, if any); the "about" box has focus,
 * Mod+Enter saves, Esc closes at once.
 */
import { Button, Group, Kbd, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { INTERACTION_TYPES, SENTIMENTS } from '../../../sync/schema/index.ts';
import { useCommand } from '../hooks/useCommand.ts';
import { ABOUT_FIELD, type About } from '../lib/about.ts';
import { formatDate } from '../lib/format.ts';
import { MOD_KEY } from '../lib/platform.ts';
import { AboutPicker } from './AboutPicker.tsx';
import { CommandErrorAlert } from './CommandErrorAlert.tsx';
import { FollowUpChooser } from './FollowUpChooser.tsx';
import { WhenPicker } from './WhenPicker.tsx';
import {
  FollowUpTaskFields,
  NO_TASK,
  followUpTaskFields,
  type FollowUpTask,
} from './FollowUpTaskFields.tsx';
import { PrincipalChips, usePrincipalChips } from './PrincipalChips.tsx';

export interface QuickLogModalProps {
  opened: boolean;
  onClose: () => void;
  initialAbout?: About | null;
}

export function QuickLogModal({ opened, onClose, initialAbout }: QuickLogModalProps) {
  const [about, setAbout] = useState<About | null>(initialAbout ?? null);
  const [type, setType] = useState<string>('Phone Call');
  const [notes, setNotes] = useState('');
  const [sentiment, setSentiment] = useState<string>('Neutral');
  const [followUp, setFollowUp] = useState<string | null>(null);
  const [when, setWhen] = useState<string | null>(null); // null: now, stamped at save
  const [task, setTask] = useState<FollowUpTask>(NO_TASK);
  const [aboutError, setAboutError] = useState<string | undefined>();
  const log = useCommand('interactions.log');
  const resetLog = log.reset;
  const principals = usePrincipalChips();
  const resetPrincipals = principals.reset;

  // Each opening starts fresh, about whatever the caller was looking at.
  useEffect(() => {
    if (!opened) return;
    setAbout(initialAbout ?? null);
    setType('Phone Call');
    setNotes('');
    setSentiment('Neutral');
    setFollowUp(null);
    setWhen(null);
    setTask(NO_TASK);
    setAboutError(undefined);
    resetLog();
    resetPrincipals();
  }, [opened, initialAbout, resetLog, resetPrincipals]);

  const save = async () => {
    if (!about) {
      setAboutError('Choose the contact, opportunity or organization this was about');
      return;
    }
    const result = await log.run({
      interaction_type: type,
      [ABOUT_FIELD[about.table]]: about.id,
      notes: notes.trim() || null,
      sentiment,
      ...(when ? { interaction_date: when } : {}),
      ...(followUp
        ? { follow_up_required: true, follow_up_date: followUp, ...followUpTaskFields(task) }
        : {}),
      // The chips travel with the interaction: one command, one local transaction.
      principals: principals.payload,
    });
    if (!result) return;
    notifications.show({
      color: 'teal',
      title: `${type} logged`,
      message: followUp
        ? `With ${about.label}. Follow-up due ${formatDate(followUp)}.`
        : `With ${about.label}.`,
    });
    onClose();
  };

  const fe = log.fieldErrors;
  const aboutIssue = aboutError ?? fe.contact_id ?? fe.opportunity_id ?? fe.organization_id;
  const otherError = log.error && !Object.keys(fe).length ? log.error : null;

  return (
    <Modal opened={opened} onClose={onClose} title="Log an interaction" size="lg">
      <Stack gap="md" onKeyDown={getHotkeyHandler([['mod+Enter', () => void save()]])}>
        {/* What happened first, then with whom: the About list drops over the notes, never over the type buttons. */}
        <Stack gap={6}>
          <Text size="sm" fw={500} id="ql-type">
            Type
          </Text>
          <SegmentedControl
            aria-labelledby="ql-type"
            fullWidth
            value={type}
            onChange={setType}
            data={[...INTERACTION_TYPES]}
          />
        </Stack>
        <AboutPicker
          label="About"
          placeholder="Type a contact, opportunity or organization"
          value={about}
          onChange={(a) => {
            setAbout(a);
            setAboutError(undefined);
          }}
          error={aboutIssue}
          data-autofocus
          required
          // Opening the list on focus would cover the form; it opens as one types (or with the arrow keys).
          openOnFocus={false}
          // Esc closes the quick log at the first press, even while the list is open (the list would swallow it).
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !e.nativeEvent.isComposing) onClose();
          }}
        />
        <PrincipalChips
          about={about}
          value={principals.chosen}
          onChange={principals.setChosen}
          removed={principals.removed}
          onRemovedChange={principals.setRemoved}
        />
        <Textarea
          label="Notes"
          placeholder="What was said, what they asked for, what you promised"
          autosize
          minRows={3}
          maxRows={10}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={fe.notes}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="ql-sentiment">
            How did it go?
          </Text>
          <SegmentedControl
            aria-labelledby="ql-sentiment"
            value={sentiment}
            onChange={setSentiment}
            data={[...SENTIMENTS]}
            color={sentiment === 'Positive' ? 'teal' : sentiment === 'Negative' ? 'red' : 'gray'}
          />
        </Stack>
        <WhenPicker value={when} onChange={setWhen} error={fe.interaction_date} />
        <FollowUpChooser value={followUp} onChange={setFollowUp} error={fe.follow_up_date} />
        {followUp && <FollowUpTaskFields value={task} onChange={setTask} errors={fe} />}
        <CommandErrorAlert error={otherError} />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">{MOD_KEY}</Kbd> + <Kbd size="xs">Enter</Kbd> saves ·{' '}
            <Kbd size="xs">Esc</Kbd> closes
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => void save()} loading={log.pending}>
              Log it
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
