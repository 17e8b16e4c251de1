/**
 * Runs a command channel. `run` resolves to the value, or to undefined when
 * the command failed; the failure stays in `error`, and its field issues in
 * `fieldErrors` keyed by form field (a path `changes.name` is the field `name`),
 * so a form puts each message under its input.
 */
import { useCallback, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { CommandName, Commands } from '../api/contract.ts';
import { friendlyMessage, friendlyTitle, toChannelError } from '../api/errors.ts';
import { invoke, type ChannelError } from '../api/transport.ts';
import { readableIssue } from '../lib/messages.ts';

export interface CommandState<K extends CommandName> {
  run: (input: Commands[K]['input']) => Promise<Commands[K]['output'] | undefined>;
  pending: boolean;
  error: ChannelError | null;
  fieldErrors: Record<string, string>;
  reset: () => void;
}

export interface CommandOptions {
  /** Show failures that are not about a form field as a notification (for buttons without a form). */
  notify?: boolean;
}

export function fieldErrorsOf(error: ChannelError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const parts = issue.path.split('.');
    const field = parts[0] === 'changes' && parts.length > 1 ? parts[1]! : parts[0]!;
    out[field] ??= readableIssue(issue.message);
  }
  return out;
}

export function useCommand<K extends CommandName>(
  name: K,
  options: CommandOptions = {},
): CommandState<K> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ChannelError | null>(null);
  const notify = options.notify ?? false;

  const run = useCallback(
    async (input: Commands[K]['input']) => {
      setPending(true);
      setError(null);
      try {
        return await invoke(name, input);
      } catch (err) {
        const e = toChannelError(err);
        setError(e);
        if (notify) {
          notifications.show({
            color: 'red',
            title: friendlyTitle(e.code),
            message: friendlyMessage(e),
          });
        }
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [name, notify],
  );

  return {
    run,
    pending,
    error,
    fieldErrors: fieldErrorsOf(error),
    reset: useCallback(() => setError(null), []),
  };
}
