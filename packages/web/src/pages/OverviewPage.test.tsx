// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api.ts';
import { i18n } from '../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const tracer: User = {
  id: 'u7',
  username: 'truyvet',
  displayName: 'Cán bộ truy vết',
  role: 'tracer',
  jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
};

const unitView = {
  unit: { code: '28756', name: 'Phường Phú Khương', type: 'Phường', level: 'commune', personCount: 120 },
  children: [],
};

describe('overview', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the duplicate-review count to a province administrator (who decides reviews), and does not ask for it otherwise', async () => {
    const asAdmin = stubFetch({
      ...signedInRoutes(),
      'GET /api/units/83': () => ({ body: unitView }),
      'GET /api/linkage/reviews': () => ({ body: { items: [] } }),
    });
    renderApp('/');
    expect((await screen.findByTestId('stat-reviews')).textContent).toBe('0');
    expect(asAdmin.some((r) => r.url.startsWith('/api/linkage/reviews'))).toBe(true);
    cleanup();
    vi.unstubAllGlobals();

    const asTracer = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: tracer, stage: 'active' } }),
      'GET /api/units/28756': () => ({ body: unitView }),
      'GET /api/tracing/worklist': () => ({
        body: {
          date: '2026-12-03',
          newCases: [],
          contactsToCall: [],
          followUpsDue: [],
          lost: [],
          nextCursors: { newCases: null, contactsToCall: null, followUpsDue: null, lost: null },
        },
      }),
    });
    renderApp('/');
    expect((await screen.findByTestId('stat-persons')).textContent).toBe('120');
    // The tracer's home has their commune's work of the day, and their commune's figures only.
    expect((await screen.findByTestId('home-contactsToCall')).textContent).toBe('0');
    expect(asTracer.some((r) => r.url === '/api/units')).toBe(false);
    expect(screen.queryByTestId('stat-reviews')).toBeNull();
    expect(asTracer.some((r) => r.url.startsWith('/api/linkage/reviews'))).toBe(false);
  });
});
