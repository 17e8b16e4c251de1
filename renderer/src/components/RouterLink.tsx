import { Anchor, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { href } from '../router/router.ts';

export interface RouterLinkProps extends AnchorProps {
  to: string;
  children: ReactNode;
  title?: string;
}

/** An anchor to a hash route: focusable, opens with Enter. */
export function RouterLink({ to, children, ...rest }: RouterLinkProps) {
  return (
    <Anchor href={href(to)} {...rest}>
      {children}
    </Anchor>
  );
}
