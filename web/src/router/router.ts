import { createContext, useContext } from 'react';

export interface Route {
  path: string;
  navigate: (to: string) => void;
}

export const RouterContext = createContext<Route>({ path: '/', navigate: () => {} });

export function useRoute(): Route {
  return useContext(RouterContext);
}

/** Matches `/claims/:id` against a path; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    const seg = decodeURIComponent(s[i]!);
    if (part.startsWith(':')) params[part.slice(1)] = seg;
    else if (part !== seg) return null;
  }
  return params;
}
