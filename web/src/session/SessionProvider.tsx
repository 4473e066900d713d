import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createClient, type ApiClient, ApiError } from '../api/client.ts';
import type { Me, Member, Page } from '../api/types.ts';
import { SessionContext, type Session } from './SessionContext.ts';
import { followEvents } from './liveEvents.ts';
import { storeApiKey, storedApiKey } from './storage.ts';
import { SignInPage } from '../pages/SignIn/SignInPage.tsx';
import { Loading } from '../components/Loading.tsx';

/** Signs in with an API key (GET /v1/me says who it is) and gives the app its session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<ApiClient | null>(() => {
    const key = storedApiKey();
    return key ? createClient(key) : null;
  });
  const [me, setMe] = useState<Me | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [version, setVersion] = useState(0);
  const [signInError, setSignInError] = useState<ApiError | null>(null);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const signOut = useCallback(() => {
    storeApiKey(null);
    setClient(null);
    setMe(null);
    setMembers([]);
  }, []);

  const signIn = useCallback(async (apiKey: string) => {
    const candidate = createClient(apiKey.trim());
    try {
      const who = await candidate.get<Me>('/v1/me');
      storeApiKey(apiKey.trim());
      setSignInError(null);
      setMe(who);
      setClient(candidate);
      return true;
    } catch (e) {
      setSignInError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
      return false;
    }
  }, []);

  // A key kept from earlier in this tab: check it once.
  useEffect(() => {
    if (!client || me) return;
    client.get<Me>('/v1/me').then(setMe, (e: unknown) => {
      setSignInError(e instanceof ApiError ? e : null);
      signOut();
    });
  }, [client, me, signOut]);

  // Who is who: names and roles for pickers and diagrams; and `me` itself, which may change (certified, suspended).
  useEffect(() => {
    if (!client || !me) return;
    let stale = false;
    client.get<Page<Member>>('/v1/members?limit=500').then((page) => !stale && setMembers(page.items), () => {});
    client.get<Me>('/v1/me').then((who) => !stale && setMe((old) => (JSON.stringify(old) === JSON.stringify(who) ? old : who)), () => {});
    return () => {
      stale = true;
    };
  }, [client, me?.userId, version]); // eslint-disable-line react-hooks/exhaustive-deps

  // Live updates: a chain event or a command change refreshes the data (debounced).
  useEffect(() => {
    if (!client || !me) return;
    return followEvents(client.apiKey, () => {
      if (debounce.current) clearTimeout(debounce.current);
      debounce.current = setTimeout(refresh, 400);
    });
  }, [client, me?.userId, refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  // And a gentle poll, for changes no event names this enterprise in (e.g. another member joining its consortium).
  useEffect(() => {
    if (!client || !me) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, 15_000);
    return () => clearInterval(timer);
  }, [client, me?.userId, refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  const session: Session | null = useMemo(
    () => (client && me ? { client, me, members, version, refresh, signOut } : null),
    [client, me, members, version, refresh, signOut],
  );

  if (!client) return <SignInPage onSignIn={signIn} error={signInError} />;
  if (!session) return <Loading />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
