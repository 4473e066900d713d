import type { Consortium } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useSession } from '../../../session/SessionContext.ts';

/** The active consortia the user's enterprise is a member of (its own, for a core). */
export function useActiveConsortia(): Consortium[] | undefined {
  const { me } = useSession();
  const consortia = useApi<{ items: Consortium[] }>('/v1/consortia');
  return consortia.data?.items.filter(
    (c) => c.status === 'active' && (c.core?.address === me.member.address || c.members.some((m) => m.address === me.member.address && m.state === 'member')),
  );
}
