import { useCallback, useEffect, useState } from 'react';
import type { CreditLine } from '../../api/types.ts';
import type { ApiError } from '../../api/client.ts';
import { useSession } from '../../session/SessionContext.ts';

/**
 * The credit lines (with their guarantees) of the given core enterprises, one GET /v1/credit-lines/{id} each,
 * reloaded whenever the session's data version moves. The last answer stays shown while a new one loads.
 */
export function useCreditLines(memberIds: string[]): { lines: CreditLine[] | undefined; error: ApiError | undefined; reload: () => void } {
  const { client, version } = useSession();
  const [lines, setLines] = useState<CreditLine[] | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const key = memberIds.join(',');
  useEffect(() => {
    const abort = new AbortController();
    const ids = key ? key.split(',') : [];
    Promise.all(ids.map((id) => client.get<CreditLine>(`/v1/credit-lines/${id}`, { signal: abort.signal })))
      .then((all) => {
        setLines(all);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e as ApiError);
      });
    return () => abort.abort();
  }, [client, key, version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { lines, error, reload };
}
