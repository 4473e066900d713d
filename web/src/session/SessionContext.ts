import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Me, Member } from '../api/types.ts';

export interface Session {
  client: ApiClient;
  me: Me;
  /** Every member (names and roles for pickers and diagrams). */
  members: Member[];
  /** Moves whenever data may have changed; `useApi` reloads on it. */
  version: number;
  refresh: () => void;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}
