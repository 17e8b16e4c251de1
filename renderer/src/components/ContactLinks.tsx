/** A phone number or an email address as a link that calls or writes (nothing when there is none). */
import { Anchor } from '@mantine/core';

export function PhoneLink({ phone }: { phone: string | null }) {
  return phone ? (
    <Anchor href={`tel:${phone}`} size="sm">
      {phone}
    </Anchor>
  ) : null;
}

export function EmailLink({ email }: { email: string | null }) {
  return email ? (
    <Anchor href={`mailto:${email}`} size="sm">
      {email}
    </Anchor>
  ) : null;
}
