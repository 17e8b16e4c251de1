import { createContext } from 'react';
import type { About } from './about.ts';

export interface QuickLogApi {
  /** Opens the quick log, about a record when the caller knows which. */
  open: (about?: About) => void;
  /**
   * The record the page on screen is about (null: none), so Mod+L and the
   * header's Log button start with it in "About". A record page sets it while
   * it is shown (usePageAbout).
   */
  setPageAbout: (about: About | null) => void;
}

export const QuickLogContext = createContext<QuickLogApi>({
  open: () => {},
  setPageAbout: () => {},
});
