import { z } from 'zod';

/** The input of a channel that takes none: nothing, or an empty object. */
export const nothing = z.undefined().or(z.strictObject({}));
