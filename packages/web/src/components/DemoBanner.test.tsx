// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../test-utils.tsx';

const unauthenticated = {
  status: 401,
  body: {
    error: {
      code: 'UNAUTHENTICATED',
      message: 'Please sign in.',
      messageKey: 'errors.unauthenticated',
      details: [],
    },
  },
};

describe('a demo database says so on every page', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('en');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('the server says demo: the sign-in page and the citizen pages carry the banner', async () => {
    stubFetch({ 'GET /api/meta': () => ({ body: demoMeta }), 'GET /api/auth/me': () => unauthenticated });
    renderApp('/login');
    expect((await screen.findByRole('note')).textContent).toContain('Demo database');
    cleanup();
    renderApp('/me/login');
    expect((await screen.findByRole('note')).textContent).toContain('Do not enter real data');
  });

  it('a real install (demo: false) shows no banner', async () => {
    stubFetch({
      'GET /api/meta': () => ({ body: { ...demoMeta, demo: false } }),
      'GET /api/auth/me': () => unauthenticated,
    });
    renderApp('/login');
    expect(await screen.findByText('Bến Tre')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });
});
