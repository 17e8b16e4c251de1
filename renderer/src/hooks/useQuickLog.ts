import { useContext } from 'react';
import { QuickLogContext, type QuickLogApi } from '../lib/quickLogContext.ts';

export function useQuickLog(): QuickLogApi {
  return useContext(QuickLogContext);
}
