import { useContext } from 'react';
import type { AppInfo } from '../api/types.ts';
import { AppInfoContext } from '../lib/appInfoContext.ts';

export function useAppInfo(): AppInfo {
  const info = useContext(AppInfoContext);
  if (!info) throw new Error('useAppInfo outside AppInfoProvider');
  return info;
}
