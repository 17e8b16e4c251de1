/**
 * A phone number or an email address as a link that calls or writes (nothing
 * when there is none). A long address breaks anywhere rather than run over
 * the field beside it.
 */
import { Anchor } from '@mantine/core';

export function PhoneLink({ phone }: { phone: string | null }) {
  return phone ? (
    <Anchor href={`tel:${phone}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
      {phone}
    </Anchor>
  ) : null;
}

export function EmailLink({ email }: { email: string | null }) {
  return email ? (
    <Anchor href={`mailto:${email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
      {email}
    </Anchor>
  ) : null;
}
