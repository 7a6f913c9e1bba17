/** Helpers for component tests: a fetch stub that answers by method + path, and an app renderer. */
import { configure, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { App } from './App.tsx';
import { AuthProvider } from './auth.tsx';
import type { Meta, User } from './api.ts';

// `findBy…` waits for a screen to appear. The default 1 s is too short when the whole suite shares
// two loaded cores (CI saw a first render take 1.9 s); waiting longer does not make a test slower
// when it passes, it only stops a busy machine from failing it.
configure({ asyncUtilTimeout: 10_000 });

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (req: Recorded) => { status?: number; body?: unknown } | undefined;

export const demoMeta: Meta = {
  province: { code: '83', name: 'Bến Tre' },
  timeZone: 'Asia/Ho_Chi_Minh',
  demo: true,
  database: 'pglite',
  version: '0.1.0-test',
};

export const adminUser: User = {
  id: 'u1',
  username: 'admin',
  displayName: 'Quản trị viên',
  role: 'province_admin',
  jurisdiction: { code: '83', name: 'Bến Tre', level: 'province' },
};

/**
 * Replace global fetch. `routes` maps "GET /api/x" (path without query) to a handler; anything
 * else answers 404 in the server's error shape. Returns the list of requests seen.
 */
export function stubFetch(routes: Record<string, Handler>): Recorded[] {
  const seen: Recorded[] = [];
  // A stubbed citizen session comes with the readable hint the server sets beside its cookie.
  document.cookie = `epilink_citizen_hint=${'GET /api/me/persons' in routes ? '1' : '0'}; path=/`;
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const headers = { ...(init.headers as Record<string, string> | undefined) };
      const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      const req: Recorded = { method, url: input, headers, body };
      seen.push(req);
      const path = input.split('?')[0] ?? input;
      const answer = routes[`${method} ${path}`]?.(req) ?? {
        status: 404,
        body: {
          error: {
            code: 'NOT_FOUND',
            message: 'Không tìm thấy.',
            messageKey: 'errors.notFound',
            details: [],
          },
        },
      };
      const status = answer.status ?? 200;
      return Promise.resolve(
        new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
          status,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }),
  );
  return seen;
}

/** Routes for a signed-in admin in the demo province. */
export function signedInRoutes(): Record<string, Handler> {
  return {
    'GET /api/meta': () => ({ body: demoMeta }),
    'GET /api/auth/me': () => ({ body: { user: adminUser, stage: 'active' } }),
  };
}

/** Render the whole app (auth + routes) at `path`. */
export function renderApp(path: string | { pathname: string; state: unknown }) {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </AuthProvider>,
  );
}
