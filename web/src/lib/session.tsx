/** Who is signed in: loaded once from /api/session (null when nobody is), refreshed after sign-in, cleared on sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { prefetchFirstScreen } from '../components/dashboard/first-screen';
import { api, ApiError, onSessionExpired, request } from './api';
import { setServerToday } from './today';
import { clearOfflineData } from '../offline/signout';
import type { Me } from './types';

interface SessionState {
  me: Me | null;
  loading: boolean;
  /** The server ended the session (idle timeout): forms stay on screen, a dialog asks to sign in again. */
  expired: boolean;
  // Properties, not methods: callers take them out of the context (`const { signIn } = useSession()`).
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  refresh: () => Promise<Me | null>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      // Answers "not signed in" with 200 (no 401 in the console of every sign-in page).
      const { me: who } = await request<{ me: Me | null }>('GET', '/api/session', undefined, { quietOn401: true });
      if (who) {
        setServerToday(who.today);
        prefetchFirstScreen(who);
      }
      setMe(who);
      setExpired(false);
      return who;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setMe(null);
        return null;
      }
      throw error;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  const signIn = useCallback(async (username: string, password: string) => {
    const who = await api.post<Me>('/api/session', { username, password });
    setServerToday(who.today);
    prefetchFirstScreen(who);
    setMe(who);
    setExpired(false);
    return who;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del('/api/session');
    } finally {
      // The phone's outbox and cached form data are the user's personal data: not kept past sign-out.
      if (me) await clearOfflineData(me.id);
      setMe(null);
      setExpired(false);
    }
  }, [me]);

  const value = useMemo(() => ({ me, loading, expired, signIn, signOut, refresh }), [me, loading, expired, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** Signed in for sure (inside the shell). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('not signed in');
  return me;
}
