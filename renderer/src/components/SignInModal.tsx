/**
 * Sign in to the company's sync server: the local workspace stays on this
 * computer, and the app switches to the server workspace (its own replica),
 * which then syncs. Reloads the app afterwards so every screen reads the new
 * account.
 */
import { PasswordInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { toChannelError } from '../api/errors.ts';
import type { ChannelError } from '../api/transport.ts';
import { invoke } from '../api/transport.ts';
import { FormModal } from './FormModal.tsx';

export function SignInModal({
  opened,
  onClose,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  /** Signing in again: the account's server and email. */
  initial?: { server_url: string; email: string };
}) {
  const [serverUrl, setServerUrl] = useState(initial?.server_url || 'http://127.0.0.1:3100');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ChannelError | null>(null);
  const issue = (field: string) => error?.issues?.find((i) => i.path === field)?.message;

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      await invoke('session.sign_in', {
        server_url: serverUrl.trim(),
        email: email.trim(),
        password,
      });
      window.location.hash = '#/';
      window.location.reload();
    } catch (err) {
      setError(toChannelError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Sign in to a server"
      onSubmit={() => void submit()}
      pending={pending}
      error={error?.issues?.length ? null : error}
      submitLabel="Sign in"
    >
      <TextInput
        label="Server address"
        required
        data-autofocus
        value={serverUrl}
        onChange={(e) => setServerUrl(e.currentTarget.value)}
        error={issue('server_url')}
      />
      <TextInput
        label="Email"
        type="email"
        required
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={issue('email')}
      />
      <PasswordInput
        label="Password"
        required
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={issue('password')}
      />
    </FormModal>
  );
}
