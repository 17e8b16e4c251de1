import { Alert } from '@mantine/core';
import { friendlyMessage, friendlyTitle } from '../api/errors.ts';
import type { ChannelError } from '../api/transport.ts';

/** A command failure that is not about one field (those show under their input). */
export function CommandErrorAlert({ error }: { error: ChannelError | null }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={friendlyTitle(error.code)} role="alert">
      {friendlyMessage(error)}
    </Alert>
  );
}
