/**
 * Adds someone to the workspace by email with a role. A person with no
 * account yet gets a one-time password, shown here once for the admin to pass
 * on (the server keeps only its hash); they choose their own at first sign-in.
 */
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { adminClient, type AddedMember } from '../../api/admin.ts';
import { toChannelError } from '../../api/errors.ts';
import type { ChannelError } from '../../api/transport.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { MEMBER_ROLES, type MemberRole } from '../../../../sync/schema/index.ts';
import { ROLE_LABEL } from './roles.ts';

export function AddMemberModal({
  opened,
  onClose,
  onAdded,
  canGrantOwner,
}: {
  opened: boolean;
  onClose: () => void;
  onAdded: () => void;
  canGrantOwner: boolean;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<MemberRole>('rep');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ChannelError | null>(null);
  const [added, setAdded] = useState<AddedMember | null>(null);
  const issue = (field: string) => error?.issues?.find((i) => i.path === field)?.message;

  const close = () => {
    setEmail('');
    setName('');
    setRole('rep');
    setError(null);
    setAdded(null);
    onClose();
  };

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const answer = await adminClient.addMember({
        email: email.trim(),
        role,
        ...(name.trim() ? { display_name: name.trim() } : {}),
      });
      setAdded(answer);
      onAdded();
    } catch (err) {
      setError(toChannelError(err));
    } finally {
      setPending(false);
    }
  };

  if (added) {
    return (
      <Modal opened={opened} onClose={close} title="Member added" size="md">
        <Stack>
          <Text size="sm">
            {added.member.display_name} ({added.member.email}) is now a{' '}
            {ROLE_LABEL[added.member.role].toLowerCase()} of this workspace.
          </Text>
          {added.one_time_password ? (
            <Alert color="blue" variant="light" title="One-time password">
              <Stack gap="xs">
                <Text size="sm">
                  Give it to them in person or by phone: it is shown only now. They sign in with it
                  and choose their own password
                  {added.one_time_password_expires_at
                    ? ` before ${formatDateTime(added.one_time_password_expires_at)}`
                    : ''}
                  .
                </Text>
                <Group gap="xs">
                  <Code fz="md" data-testid="one-time-password">
                    {added.one_time_password}
                  </Code>
                  <CopyButton value={added.one_time_password}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <Text size="sm" c="dimmed">
              They already have an account: they sign in with their own password.
            </Text>
          )}
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <FormModal
      opened={opened}
      onClose={close}
      title="Add a member"
      onSubmit={() => void submit()}
      pending={pending}
      error={error?.issues?.length ? null : error}
      submitLabel="Add member"
      size="md"
    >
      <TextInput
        label="Email"
        type="email"
        required
        data-autofocus
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={issue('email')}
      />
      <TextInput
        label="Name"
        description="Leave empty to use the part of the email before the @"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={issue('display_name')}
      />
      <Select
        label="Role"
        required
        allowDeselect={false}
        value={role}
        onChange={(v) => v && setRole(v as MemberRole)}
        data={MEMBER_ROLES.filter((r) => canGrantOwner || r !== 'owner').map((r) => ({
          value: r,
          label: ROLE_LABEL[r],
        }))}
        error={issue('role')}
      />
    </FormModal>
  );
}
