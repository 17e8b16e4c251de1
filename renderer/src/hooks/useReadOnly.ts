import { useAppInfo } from './useAppInfo.ts';

/**
 * True for a viewer: the UI hides or disables what would change a record. The
 * server refuses a viewer's writes anyway (RLS); this spares them a change
 * that could only come back refused.
 */
export function useReadOnly(): boolean {
  return useAppInfo().role === 'viewer';
}
