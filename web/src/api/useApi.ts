import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../session/SessionContext.ts';
import type { ApiError } from './client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null: nothing yet) with the session's key, and again whenever the session's data version moves
 * (a command of this console confirmed, or the platform streamed a chain event). The last answer stays shown
 * while a new one loads.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const { client, version } = useSession();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const lastPath = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    if (lastPath.current !== path) {
      setData(undefined);
      lastPath.current = path;
    }
    const abort = new AbortController();
    setLoading(true);
    client
      .get<T>(path, { signal: abort.signal })
      .then((body) => {
        setData(body);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e as ApiError);
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [client, path, version, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
