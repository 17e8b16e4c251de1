import { createContext } from 'react';
import type { AppInfo } from '../api/types.ts';

/** The signed-in account and workspace (app.info), loaded once before the shell renders. */
export const AppInfoContext = createContext<AppInfo | null>(null);
