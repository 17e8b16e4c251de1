import { createContext } from 'react';
import type { About } from './about.ts';

export interface QuickLogApi {
  /** Opens the quick log, about a record when the caller knows which. */
  open: (about?: About) => void;
}

export const QuickLogContext = createContext<QuickLogApi>({ open: () => {} });
