import { useRef } from 'react';

/**
 * The items seen so far on this page, newest version of each: an entry that leaves the list (a trade just
 * confirmed, an invitation just accepted, an offer just used up) stays on screen with the outcome of what the
 * user did, until the page is left.
 */
export function useSticky<T>(items: T[] | undefined, keyOf: (item: T) => string): T[] {
  const seen = useRef(new Map<string, T>());
  if (items) for (const item of items) seen.current.set(keyOf(item), item);
  return [...seen.current.values()];
}
