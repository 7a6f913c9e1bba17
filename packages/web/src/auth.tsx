/**
 * Session state: the signed-in user (from `/api/auth/me`) and the public `/api/meta`
 * (province, its time zone, demo mode). Pages read it with {@link useAuth}. The meta's time zone
 * becomes the one clock's zone (core `setProvinceTimeZone`): "today" on the web is the province's
 * day, not the device's.
 */
import { isTimeZone, setProvinceTimeZone } from '@epilink/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, type MeResponse, type Meta, type User } from './api.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'signedIn';

export interface AuthContextValue {
  status: SessionStatus;
  user: User | null;
  meta: Meta | null;
  /** A signed-in password step waiting for the second factor (null otherwise). */
  pending: MeResponse | null;
  /** Sign in; rejects with an ApiError whose message is shown to the user. */
  login: (username: string, password: string) => Promise<void>;
  /** Record the outcome of a sign-in step (password or second factor). */
  settle: (me: MeResponse) => void;
  /** Sign out on the server (best effort) and forget the user. */
  logout: () => Promise<void>;
  /** The server said 401 on some request: the session is over. */
  expire: () => void;
  /**
   * Ask the server for the officials' session (once). Citizen and public pages never do, so they
   * log no 401; the officials' layout and sign-in page call it when they mount.
   */
  ensureSession: () => void;
}

/** Citizen and public pages: no officials' session is asked for while one of them is open. */
const CITIZEN_OR_PUBLIC = /^\/(?:me|c|demo|declare|verify|map|levels)(?:\/|$)/u;

const noop = (): Promise<void> => Promise.resolve();

const AuthContext = createContext<AuthContextValue>({
  status: 'anonymous',
  ensureSession: () => undefined,
  user: null,
  meta: null,
  pending: null,
  login: noop,
  settle: () => undefined,
  logout: noop,
  expire: () => undefined,
});

/** Loads the session and the product meta once, and offers login/logout to the tree below. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [pending, setPending] = useState<MeResponse | null>(null);
  const [wanted, setWanted] = useState(
    () => typeof window === 'undefined' || !CITIZEN_OR_PUBLIC.test(window.location.pathname),
  );
  const ensureSession = useCallback(() => {
    setWanted(true);
  }, []);

  const settle = useCallback((me: MeResponse) => {
    if (me.stage !== 'totp' && me.stage !== 'enrol') {
      setPending(null);
      setUser(me.user);
    } else {
      setPending(me);
      setUser(null);
    }
  }, []);

  useEffect(() => {
    let live = true;
    void api.meta().then(
      (m) => {
        if (isTimeZone(m.timeZone)) setProvinceTimeZone(m.timeZone);
        if (live) setMeta(m);
      },
      () => undefined, // the header simply shows no province name
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void api.me().then(
      (r) => {
        if (!live) return;
        if (r.stage !== 'totp' && r.stage !== 'enrol') setUser(r.user);
        else {
          setPending(r);
          setUser(null);
        }
      },
      () => {
        if (live) setUser(null);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  const login = useCallback(
    async (username: string, password: string) => {
      settle(await api.login(username, password));
    },
    [settle],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // the session is gone either way
    }
    setPending(null);
    setUser(null);
  }, []);

  const expire = useCallback(() => {
    setUser(null);
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      status: user === undefined ? 'loading' : user === null ? 'anonymous' : 'signedIn',
      user: user ?? null,
      meta,
      pending,
      login,
      settle,
      logout,
      expire,
      ensureSession,
    }),
    [user, meta, pending, login, settle, logout, expire, ensureSession],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

/** The current session. */
export function useAuth(): AuthContextValue {
  return useContext(AuthContext);
}
