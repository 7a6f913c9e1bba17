// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n, LANGUAGE_STORAGE_KEY } from '../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../test-utils.tsx';

const unauthenticated = {
  status: 401,
  body: {
    error: {
      code: 'UNAUTHENTICATED',
      message: 'Vui lòng đăng nhập.',
      messageKey: 'errors.unauthenticated',
      details: [],
    },
  },
};

describe('language switch on the login page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('starts in Vietnamese and switches every visible text to English, remembering the choice', async () => {
    const seen = stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => unauthenticated,
      'POST /api/auth/login': (req) => ({
        status: 401,
        body: {
          error: {
            code: 'UNAUTHENTICATED',
            message: req.headers['Accept-Language'] === 'en' ? 'Please sign in.' : 'Vui lòng đăng nhập.',
            messageKey: 'errors.unauthenticated',
            details: [],
          },
        },
      }),
    });
    renderApp('/login');

    expect(await screen.findByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeTruthy();
    expect(screen.getByLabelText('Tên đăng nhập')).toBeTruthy();
    expect(await screen.findByText('Bến Tre')).toBeTruthy();
    expect(document.documentElement.lang).toBe('vi');

    const select = screen.getByRole('combobox', { name: 'Ngôn ngữ' });
    expect(screen.getByRole('option', { name: 'English' })).toBeTruthy();
    await act(async () => {
      fireEvent.change(select, { target: { value: 'en' } });
      await Promise.resolve();
    });

    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Language' })).toBeTruthy();
    expect(screen.queryByText('Đăng nhập')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');

    // A refused sign-in is explained in the chosen language; the request carried that language.
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong username or password.');
    const login = seen.find((r) => r.method === 'POST');
    expect(login?.headers['Accept-Language']).toBe('en');
    expect(login?.body).toEqual({ username: 'admin', password: 'nope' });
    expect(login?.headers['X-EpiLink-CSRF']).toBe('1');
  });
});
