// @vitest-environment jsdom
/**
 * The testing screens load every page of their lists (issue #11 item 1): a site's slots, a
 * citizen's results (each list by its own cursor) and the bookable slots, where a site continues
 * on the next page and is merged, not repeated.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const site = {
  id: 's-1',
  name: 'Điểm xét nghiệm Trạm Y tế Phường Phú Khương',
  facilityId: null,
  address: null,
  active: true,
  communeCode: '28756',
  districtCode: '829',
};
const slot = (id: string, capacity: number, day: number) => ({
  id,
  siteId: site.id,
  startsAt: `2026-11-${day}T01:00:00.000Z`,
  endsAt: `2026-11-${day}T03:00:00.000Z`,
  capacity,
  booked: 0,
  free: capacity,
});
const result = (id: string, sampledAt: string) => ({
  id,
  personId: 'p-1',
  barcode: `BC-${id}`,
  testType: 'rtPcr',
  diseaseCode: 'COVID-19',
  outcome: 'negative',
  ct: null,
  sampledAt,
  resultedAt: sampledAt,
  source: 'entry',
});
const citizenRoutes = {
  'GET /api/meta': () => ({ body: demoMeta }),
  'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
  'GET /api/me/persons': () => ({
    body: {
      items: [
        {
          id: 'p-1',
          relation: 'self',
          fullName: 'Nguyễn Minh Huấn',
          dateOfBirth: null,
          sex: null,
          idNumber: null,
          phone: null,
          address: null,
          commune: null,
          district: null,
        },
      ],
    },
  }),
};

describe('testing lists page by page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("a site's slots: 'Load more' brings the next page by its cursor, then is gone", async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/testing/sites': () => ({ body: { items: [site], nextCursor: null } }),
      'GET /api/testing/sessions': (req) =>
        req.url.includes('cursor=page-2')
          ? { body: { items: [slot('b', 22, 28)], nextCursor: null } }
          : { body: { items: [slot('a', 11, 27)], nextCursor: 'page-2' } },
    });
    renderApp('/testing');
    expect(await screen.findByText('11')).toBeTruthy();
    expect(screen.queryByText('22')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Tải thêm' }));
    expect(await screen.findByText('22')).toBeTruthy();
    expect(screen.getByText('11')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull();
    expect(seen.filter((r) => r.url.startsWith('/api/testing/sessions')).map((r) => r.url)).toEqual([
      '/api/testing/sessions?siteId=s-1',
      '/api/testing/sessions?siteId=s-1&cursor=page-2',
    ]);
  });

  it("a citizen's results: 'More results' follows the results' own cursor", async () => {
    const seen = stubFetch({
      ...citizenRoutes,
      'GET /api/me/testing': (req) =>
        req.url.includes('resultsCursor=r-2')
          ? {
              body: {
                results: [result('old', '2026-10-01T02:00:00.000Z')],
                resultsNextCursor: null,
                registrations: [],
                registrationsNextCursor: null,
              },
            }
          : {
              body: {
                results: [result('new', '2026-11-01T02:00:00.000Z')],
                resultsNextCursor: 'r-2',
                registrations: [],
                registrationsNextCursor: null,
              },
            },
    });
    renderApp('/me/tests');
    await waitFor(() => {
      expect(screen.getAllByTestId('test-result')).toHaveLength(1);
    });
    expect(screen.queryByRole('button', { name: 'Xem thêm lịch xét nghiệm' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm kết quả' }));
    await waitFor(() => {
      expect(screen.getAllByTestId('test-result')).toHaveLength(2);
    });
    expect(screen.queryByRole('button', { name: 'Xem thêm kết quả' })).toBeNull();
    expect(seen.some((r) => r.url === '/api/me/testing?resultsCursor=r-2')).toBe(true);
  });

  it('bookable slots: a site continued on the next page is merged with its slots', async () => {
    const other = { ...site, id: 's-2', name: 'Điểm xét nghiệm chợ Bến Tre' };
    stubFetch({
      ...citizenRoutes,
      'GET /api/me/testing/sites': (req) =>
        req.url.includes('cursor=n-2')
          ? {
              body: {
                items: [
                  { ...site, sessions: [slot('b', 22, 28)] },
                  { ...other, sessions: [slot('c', 33, 28)] },
                ],
                nextCursor: null,
              },
            }
          : { body: { items: [{ ...site, sessions: [slot('a', 11, 27)] }], nextCursor: 'n-2' } },
    });
    renderApp('/me/tests/book');
    expect(await screen.findAllByRole('radio')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm điểm và khung giờ' }));
    await waitFor(() => {
      expect(screen.getAllByRole('radio')).toHaveLength(2);
    });
    const sites = screen.getByRole('combobox', { name: 'Chọn điểm xét nghiệm' });
    expect([...(sites as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      site.name,
      other.name,
    ]);
    expect(screen.queryByRole('button', { name: 'Xem thêm điểm và khung giờ' })).toBeNull();
  });
});
