/**
 * Tells the quick log which record this page is about while it is shown, so
 * Mod+L (and the header's Log button) starts with it in "About".
 */
import { useContext, useEffect } from 'react';
import type { About } from '../lib/about.ts';
import { QuickLogContext } from '../lib/quickLogContext.ts';

export function usePageAbout(about: About | null): void {
  const { setPageAbout } = useContext(QuickLogContext);
  const table = about?.table;
  const id = about?.id;
  const label = about?.label;
  useEffect(() => {
    setPageAbout(table && id ? { table, id, label: label ?? '' } : null);
    return () => setPageAbout(null);
  }, [setPageAbout, table, id, label]);
}
