// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const communeOfficer: User = {
  id: 'u-xa',
  username: 'xa.phukhuong',
  displayName: 'Cán bộ trạm y tế',
  role: 'commune_officer',
  jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
};

const site = {
  id: 's-1',
  name: 'Điểm xét nghiệm Trạm Y tế Phường Phú Khương',
  facilityId: null,
  address: null,
  active: true,
  communeCode: '28756',
  districtCode: '829',
};
const testingRoutes = {
  'GET /api/testing/sites': () => ({ body: { items: [site] } }),
  'GET /api/testing/sessions': () => ({ body: { items: [] } }),
};

describe('test sites page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('a commune officer (no testing:manage) sees the sites but no forms that would be refused', async () => {
    stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ body: { user: communeOfficer, stage: 'active' } }),
      ...testingRoutes,
    });
    renderApp('/testing');
    await screen.findByRole('heading', { name: 'Khung giờ' });
    expect(await screen.findByText('Chưa có khung giờ.')).toBeTruthy();
    expect(screen.getByText('Đang hoạt động')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('form', { name: 'Thêm khung giờ' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Thêm điểm xét nghiệm' })).toBeNull();
  });

  it('a manager gets the forms to add slots and sites and to close a site', async () => {
    stubFetch({ ...signedInRoutes(), ...testingRoutes });
    renderApp('/testing');
    expect(await screen.findByRole('form', { name: 'Thêm khung giờ' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Thêm điểm xét nghiệm' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Đang hoạt động' })).toBeTruthy();
  });
});
