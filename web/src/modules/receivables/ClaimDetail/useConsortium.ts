import type { Consortium } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';

export function useConsortium(id: string) {
  return useApi<Consortium>(`/v1/consortia/${id}`);
}
