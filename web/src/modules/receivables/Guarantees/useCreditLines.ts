import { useCallback, useEffect, useState } from 'react';
import type { CreditLine } from '../../../api/types.ts';
import type { ApiError } from '../../../api/client.ts';
import { useSession } from '../../../session/SessionContext.ts';

/**
 * Every credit line that was set or carries a guarantee (one GET /v1/credit-lines), reloaded whenever the session's
 * data version moves. The last answer stays shown while a new one loads.
 */
export function useCreditLines(): { lines: CreditLine[] | undefined; error: ApiError | undefined; reload: () => void } {
  const { client, version } = useSession();
  const [lines, setLines] = useState<CreditLine[] | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    client
      .get<{ items: CreditLine[] }>('/v1/credit-lines', { signal: abort.signal })
      .then((page) => {
        setLines(page.items);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e as ApiError);
      });
    return () => abort.abort();
  }, [client, version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { lines, error, reload };
}
