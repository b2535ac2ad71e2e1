/** Who is signed in: loaded once from /api/session (null when nobody is), refreshed after sign-in, cleared on sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { prefetchFirstScreen } from '../components/dashboard/first-screen';
import { api, ApiError, onSessionExpired, request } from './api';
import { setServerToday } from './today';
import { App } from 'antd';
import { clearOfflineData, tellOfflineUser } from '../offline/signout';

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

/** Shown when sign-out cannot reach the server. */
export const SIGN_OUT_OFFLINE = '退出登录需要联网：请连上网络后再退出，本机数据未清除';

/** Sign-out did not happen (no network): the user is still signed in, nothing was cleared. */
export class SignOutOfflineError extends Error {
  constructor() {
    super(SIGN_OUT_OFFLINE);
    this.name = 'SignOutOfflineError';
  }
}

const SessionContext = createContext<SessionState | null>(null);

interface SessionAnswer { me: Me | null }
const askSession = () => request<SessionAnswer>('GET', '/api/session', undefined, { quietOn401: true });

/**
 * The session asked for before React renders (main.tsx calls this first thing): the provider's
 * first look takes this answer instead of asking only after the first render, which on a slow
 * machine is 150 ms later — and the dashboard's figures wait for the session.
 */
let early: Promise<SessionAnswer> | undefined;
export function askSessionEarly(): void {
  early = askSession();
  // Consumed (and its failure handled) by the provider's first refresh.
  early.catch(() => undefined);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const { message } = App.useApp();

  const refresh = useCallback(async () => {
    try {
      // Answers "not signed in" with 200 (no 401 in the console of every sign-in page).
      const asked = early ?? askSession();
      early = undefined;
      const { me: who } = await asked;
      if (who) {
        setServerToday(who.today);
        prefetchFirstScreen(who);
        tellOfflineUser(who.id);
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
    // Someone else's form data cached on this phone is deleted before any of this user's is kept.
    tellOfflineUser(who.id);
    setMe(who);
    setExpired(false);
    return who;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del('/api/session');
    } catch (error) {
      // Without signal the server's session and its cookie live on: the next open would sign the
      // same user back in on a shared phone. Stay signed in and keep the outbox until it can go.
      if (!(error instanceof ApiError) || error.status === 0) {
        void message.error(SIGN_OUT_OFFLINE);
        throw new SignOutOfflineError();
      }
      // 401: the server's session has ended already; anything else did not sign out.
      if (error.status !== 401) throw error;
    }
    // The phone's outbox and cached form data are the user's personal data: not kept past sign-out.
    if (me) await clearOfflineData(me.id);
    setMe(null);
    setExpired(false);
  }, [me, message]);

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
