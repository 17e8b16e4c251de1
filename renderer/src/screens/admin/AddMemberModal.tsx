/**
 * Invites someone to the workspace by email with a role. The invitation code
 * is shown here once for the admin to pass on (the server keeps only its
 * hash); nobody joins until they sign in with it. The answer is the same
 * whether or not they already have an account, so it says how to use it both ways.
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
      <Modal opened={opened} onClose={close} title="Member invited" size="md">
        <Stack>
          <Text size="sm">
            {added.invitation.display_name} ({added.invitation.email}) is invited as a{' '}
            {ROLE_LABEL[added.invitation.role].toLowerCase()}: they join this workspace when they
            sign in with this code.
          </Text>
          <Alert color="blue" variant="light" title="Invitation code">
            <Stack gap="xs">
              <Text size="sm">
                Give it to them in person or by phone: it is shown only now and works until{' '}
                {formatDateTime(added.invitation.expires_at)}. New to Pantry: they sign in with it
                as the password and choose their own. Already have an account: they sign in with
                their own password and enter this code as the invitation code.
              </Text>
              <Group gap="xs">
                <Code fz="md" data-testid="invitation-code">
                  {added.invitation_code}
                </Code>
                <CopyButton value={added.invitation_code}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
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
