// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const vaccinator: User = {
  id: 'u5',
  username: 'tiem.chung',
  displayName: 'Cán bộ tiêm',
  role: 'vaccinator',
  jurisdiction: { code: '28756', name: 'Xã Phú Khương', level: 'commune' },
};

describe('administration in the navigation', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('is a link for an administrator, with the areas they may use', async () => {
    stubFetch(signedInRoutes());
    renderApp('/admin');
    const nav = await screen.findByRole('navigation');
    expect(within(nav).getByRole('link', { name: 'Quản trị' }).getAttribute('href')).toBe('/admin');
    expect(screen.queryByTestId('nav-soon-admin')).toBeNull();
    const main = screen.getByRole('main');
    for (const name of ['Tài khoản', 'Phiên đăng nhập', 'Khóa API'])
      expect(within(main).getByRole('link', { name })).toBeTruthy();
    // Administrators do not read the audit trail (core canReadAudit).
    expect(within(main).queryByRole('link', { name: 'Nhật ký truy cập' })).toBeNull();
  });

  it('is hidden from roles that can use nothing there', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: vaccinator, stage: 'active' } }),
    });
    renderApp('/');
    const nav = await screen.findByRole('navigation');
    expect(within(nav).queryByRole('link', { name: 'Quản trị' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Tổng quan' })).toBeTruthy();
  });
});
