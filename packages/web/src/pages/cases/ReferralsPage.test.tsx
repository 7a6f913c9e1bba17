// @vitest-environment jsdom
/**
 * The receiving commune decides a contact named at an interview elsewhere: the referral shows the
 * details given, "Link" sends the decision, the card leaves the pending list, and a second page
 * loads on "Load more".
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { Referral } from './api.ts';

const referral = (id: string, fullName: string): Referral => ({
  id,
  status: 'pending',
  fullName,
  phone: '0912345678',
  idNumber: null,
  dateOfBirth: '1980-02-03',
  exposureType: 'proximity',
  exposureDate: '2021-11-20',
  communeCode: '28756',
  personId: null,
  createdAt: '2021-11-21T03:00:00Z',
});

const communeOfficer = {
  id: 'u2',
  username: 'xa.phukhuong',
  displayName: 'Cán bộ xã',
  role: 'commune_officer',
  jurisdiction: { code: '28756', name: 'Phú Khương', level: 'commune' as const },
};

describe('referrals to my commune', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('links a referred contact and loads the next page', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      // The receiving commune's officer (referrals are a tracer's page: case:trace).
      'GET /api/auth/me': () => ({ body: { user: communeOfficer, stage: 'active' } }),
      'GET /api/tracing/referrals': (req) =>
        req.url.includes('cursor=')
          ? { body: { items: [referral('r-2', 'Trần Văn Bảy')], nextCursor: null } }
          : { body: { items: [referral('r-1', 'Lê Thị Năm')], nextCursor: 'next-1' } },
      'POST /api/tracing/referrals/r-1/decision': () => ({
        body: { ...referral('r-1', 'Lê Thị Năm'), status: 'linked', personId: 'p-9' },
      }),
    });
    renderApp('/cases/referrals');

    expect(await screen.findByRole('heading', { name: 'Lê Thị Năm' })).toBeTruthy();
    expect(screen.getByText(/ĐT 0912345678/u)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Liên kết Lê Thị Năm' }));
    expect(await screen.findByText('Đã liên kết Lê Thị Năm và đề xuất là người tiếp xúc.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Lê Thị Năm' })).toBeNull();
    expect(seen.some((r) => r.method === 'POST' && r.url.endsWith('/r-1/decision'))).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Tải thêm' }));
    const card = (await screen.findByRole('heading', { name: 'Trần Văn Bảy' })).closest('li')!;
    expect(within(card).getByRole('button', { name: 'Bỏ qua Trần Văn Bảy' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull();
  });
});
