/**
 * A small hash router: `#/contacts/<id>?view=list`. Hash routes work the same
 * from the dev host and from Electron's file:// page, need no server fallback,
 * and keep Back/Forward working. Screens read the route with useRoute().
 */
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Path segments: `#/contacts/abc` -> ['contacts', 'abc']. */
  segments: string[];
  params: URLSearchParams;
  path: string;
}

function read(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function parseRoute(hash: string): Route {
  const [path = '/', query = ''] = hash.split('?');
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
    path,
  };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, read);
  return parseRoute(hash);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to.startsWith('/') ? to : `/${to}`}`;
  if (options.replace) window.location.replace(hash);
  else window.location.hash = hash;
}

/** The href of a route, for anchors (keyboard users open them with Enter, and middle-click works). */
export function href(to: string): string {
  return `#${to.startsWith('/') ? to : `/${to}`}`;
}

/** Replaces the query string of the current route (filters, tabs) without a history entry per keystroke. */
export function setParams(update: Record<string, string | null | undefined>): void {
  const { path, params } = parseRoute(read());
  for (const [k, v] of Object.entries(update)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const q = params.toString();
  navigate(`${path}${q ? `?${q}` : ''}`, { replace: true });
}
