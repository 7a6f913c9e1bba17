// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { Sitrep } from './api.ts';

const report = (id: string, day: string): Sitrep => ({
  id,
  unitCode: '83',
  unitName: 'Tỉnh Bến Tre',
  day,
  disease: 'COVID-19',
  lang: 'vi',
  kind: 'scheduled',
  generatedAt: `${day}T01:00:00Z`,
  headline: { newCases: 6 },
  sentences: [],
});

describe('the stored sitreps list', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('loads older reports page by page, after the cursor of the page before', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/sitreps': (req) =>
        req.url.includes('cursor=')
          ? { body: { items: [report('s-2', '2021-08-09')], nextCursor: null } }
          : { body: { items: [report('s-1', '2021-08-10')], nextCursor: 'c-1' } },
    });
    renderApp('/situation/reports');
    const more = await screen.findByRole('button', { name: 'Tải thêm' });
    const shown = () => document.querySelectorAll('.sitrep-list > li').length;
    expect(shown()).toBe(1);
    more.click();
    await waitFor(() => {
      expect(shown()).toBe(2);
    });
    expect(seen.some((r) => r.url.startsWith('/api/sitreps?') && r.url.includes('cursor=c-1'))).toBe(true);
    expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull();
  });

  it('tells a commune official that reports are of the province and districts, and points to the dashboard', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        body: {
          user: {
            id: 'u9',
            username: 'xa.phukhuong',
            displayName: 'Cán bộ trạm y tế',
            role: 'commune_officer',
            jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
          },
          stage: 'active',
        },
      }),
      'GET /api/sitreps': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderApp('/situation/reports');
    await screen.findByText(/Báo cáo tình hình được lập cho tỉnh và từng huyện\/khu vực y tế/u);
    expect(screen.queryByRole('button', { name: 'Tạo báo cáo ngay' })).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Mở bảng điều khiển của Phường Phú Khương' }).getAttribute('href'),
    ).toBe('/situation');
  });

  it('names a health-area officer’s own unit in the unit choice, though the units API does not know it', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        body: {
          user: {
            ...adminUser,
            role: 'district_officer',
            jurisdiction: { code: '831', name: 'Khu vực y tế Huyện Châu Thành', level: 'district' },
          },
          stage: 'active',
        },
      }),
      'GET /api/sitreps': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderApp('/situation/reports');
    const unit = await screen.findByRole('option', { name: 'Khu vực y tế Huyện Châu Thành' });
    expect((unit as HTMLOptionElement).value).toBe('831');
    expect(screen.queryByRole('option', { name: '831' })).toBeNull();
  });
});
