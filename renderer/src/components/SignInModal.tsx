/**
 * Sign in to the company's sync server: the local workspace stays on this
 * computer, and the app switches to the server workspace (its own replica),
 * which then syncs. Reloads the app afterwards so every screen reads the new
 * account.
 */
import { Checkbox, PasswordInput, TextInput } from '@mantine/core';
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
  // Joining a workspace an admin invited you to: with your own password (you have an account on
  // this server), or, new here, with the code in place of a password and one of your own to set.
  const [invited, setInvited] = useState(false);
  const [isNew, setIsNew] = useState(false);
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
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
        ...(invited && isNew
          ? { password: code.trim(), new_password: newPassword }
          : { password, ...(invited && code.trim() ? { invitation_code: code.trim() } : {}) }),
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
      <Checkbox
        label="I have an invitation code"
        checked={invited}
        onChange={(e) => setInvited(e.currentTarget.checked)}
      />
      {invited && (
        <>
          <TextInput
            label="Invitation code"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={issue('invitation_code') ?? (isNew ? issue('password') : undefined)}
          />
          <Checkbox
            label="I have no password on this server yet"
            checked={isNew}
            onChange={(e) => setIsNew(e.currentTarget.checked)}
          />
        </>
      )}
      {invited && isNew ? (
        <PasswordInput
          label="Choose a password"
          description="At least 10 characters"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={issue('new_password')}
        />
      ) : (
        <PasswordInput
          label="Password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={issue('password') ?? issue('new_password')}
        />
      )}
    </FormModal>
  );
}
