/**
 * The rule for a password a person chooses: at sign-in (`new_password`) and at
 * first-start setup. One rule in its own file so the setup route need not
 * import the sign-in route to share it.
 */
import { z } from 'zod';
import { storableText } from './storable-text.ts';

export const PASSWORD = storableText(
  z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters'),
);
