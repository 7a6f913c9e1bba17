/**
 * Session state: the signed-in user (from `/api/auth/me`) and the public `/api/meta`
 * (province, demo mode). Pages read it with {@link useAuth}.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, type Meta, type User } from './api.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'signedIn';

export interface AuthContextValue {
  status: SessionStatus;
  user: User | null;
  meta: Meta | null;
  /** Sign in; rejects with an ApiError whose message is shown to the user. */
  login: (username: string, password: string) => Promise<void>;
  /** Sign out on the server (best effort) and forget the user. */
  logout: () => Promise<void>;
  /** The server said 401 on some request: the session is over. */
  expire: () => void;
}

const noop = (): Promise<void> => Promise.resolve();

const AuthContext = createContext<AuthContextValue>({
  status: 'anonymous',
  user: null,
  meta: null,
  login: noop,
  logout: noop,
  expire: () => undefined,
});

/** Loads the session and the product meta once, and offers login/logout to the tree below. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [meta, setMeta] = useState<Meta | null>(null);

  useEffect(() => {
    let live = true;
    void api.meta().then(
      (m) => {
        if (live) setMeta(m);
      },
      () => undefined, // the header simply shows no province name
    );
    void api.me().then(
      (r) => {
        if (live) setUser(r.user);
      },
      () => {
        if (live) setUser(null);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.login(username, password);
    setUser(r.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // the session is gone either way
    }
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
      login,
      logout,
      expire,
    }),
    [user, meta, login, logout, expire],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

/** The current session. */
export function useAuth(): AuthContextValue {
  return useContext(AuthContext);
}
