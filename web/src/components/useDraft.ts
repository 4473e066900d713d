import { useCallback, useState } from 'react';

/**
 * Form state kept in sessionStorage under `id`: what a user typed survives a failed submit, a page change and a
 * reload of the tab. `clear()` forgets it (after a confirmed submit).
 */
export function useDraft<T extends Record<string, unknown>>(id: string, initial: T): [T, <K extends keyof T>(key: K, value: T[K]) => void, () => void] {
  const storageKey = `tierchain.draft.${id}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = sessionStorage.getItem(storageKey);
      if (stored) return { ...initial, ...(JSON.parse(stored) as Partial<T>) };
    } catch {
      // nothing kept
    }
    return initial;
  });
  const set = useCallback(
    <K extends keyof T>(key: K, v: T[K]) =>
      setValue((old) => {
        const next = { ...old, [key]: v };
        try {
          sessionStorage.setItem(storageKey, JSON.stringify(next));
        } catch {
          // not kept
        }
        return next;
      }),
    [storageKey],
  );
  const clear = useCallback(() => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // nothing kept
    }
    setValue(initial);
  }, [storageKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return [value, set, clear];
}
