/**
 * A list's search, sort and filters, kept in the route's query string: Back
 * returns to the same view, and a saved view is just that string.
 */
import { useMemo } from 'react';
import { setParams, useRoute } from '../router/router.ts';

export interface ListParams {
  get: (key: string) => string | null;
  set: (update: Record<string, string | null | undefined>) => void;
  /** The whole query string, for saved views. */
  query: string;
  path: string;
}

export function useListParams(): ListParams {
  const route = useRoute();
  const query = route.params.toString();
  return useMemo(() => {
    const params = new URLSearchParams(query);
    return {
      get: (k: string) => params.get(k),
      set: setParams,
      query,
      path: route.path,
    };
  }, [query, route.path]);
}

/** "true"/"false" from the URL as a boolean filter, absent when not set. */
export function boolParam(v: string | null): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}
