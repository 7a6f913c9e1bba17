// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

describe('app shell', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sends an anonymous visitor to the login page, keeping where they wanted to go', async () => {
    stubFetch({
      'GET /api/auth/me': () => ({
        status: 401,
        body: {
          error: {
            code: 'UNAUTHENTICATED',
            message: 'Vui lòng đăng nhập.',
            messageKey: 'errors.unauthenticated',
            details: [],
          },
        },
      }),
    });
    renderApp('/people/p-1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Ngôn ngữ' })).toBeTruthy();
  });

  it('shows the user, the modules and the ones still to come', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/units/83': () => ({
        body: {
          unit: {
            code: '83',
            name: 'Bến Tre',
            level: 'province',
            type: 'Tỉnh',
            parentCode: null,
            personCount: 1234,
          },
          ancestors: [],
          children: [
            {
              code: '829',
              name: 'Thành phố Bến Tre',
              level: 'district',
              type: 'Thành phố',
              parentCode: '83',
              personCount: 400,
            },
          ],
        },
      }),
      'GET /api/linkage/reviews': () => ({ body: { items: [] } }),
    });
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Tổng quan' })).toBeTruthy();
    expect(screen.getByText('Quản trị viên')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Đăng xuất' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Chức năng' });
    for (const name of ['Tổng quan', 'Đơn vị hành chính', 'Người dân', 'Rà soát trùng lặp']) {
      expect(within(nav).getByRole('link', { name })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'Tiêm chủng' })).toBeTruthy();
    expect(screen.queryByTestId('nav-soon-vaccination')).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Xét nghiệm' })).toBeTruthy();
    // The province administrator cannot read quarantine orders: the menu does not offer them.
    expect(within(nav).queryByRole('link', { name: 'Cách ly' })).toBeNull();
    expect(screen.queryByTestId('nav-soon-quarantine')).toBeNull();
    expect((await screen.findByTestId('stat-persons')).textContent).toBe('1.234');

    const menu = screen.getByRole('button', { name: 'Menu' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(menu);
    expect(screen.getByRole('button', { name: 'Đóng menu' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('offers a security officer only the modules of their work, not cases they could never open', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        body: {
          user: { ...adminUser, username: 'baomat', displayName: 'Cán bộ bảo mật', role: 'security_officer' },
          stage: 'active',
        },
      }),
    });
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Chức năng' });
    const links = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(links).toEqual(['Tổng quan', 'Đơn vị hành chính', 'Quản trị']);
  });
});
