// @vitest-environment jsdom
/**
 * The levels screens in the browser's DOM: the committee sees the week's proposal with each
 * unit's inputs, deciding criterion and the rules' verification status, overrides one commune with
 * a reason and confirms (the request carries the override); an official without the permission
 * sees it read-only; the public page shows the confirmed levels and the guidance, in English too.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { PublicLevels, WeekLevels } from './api.ts';

const committee = {
  ...adminUser,
  username: 'bcd',
  role: 'steering_committee',
};

function week(status: 'proposed' | 'confirmed'): WeekLevels {
  return {
    week: '2021-11-08',
    status,
    assessedFrom: '2021-11-01',
    assessedTo: '2021-11-07',
    computedAt: '2021-11-08T01:00:00.000Z',
    confirmedAt: status === 'confirmed' ? '2021-11-08T03:00:00.000Z' : null,
    rules: {
      thresholds: {
        effectiveFrom: '2021-10-12',
        source: { document: '4800/QĐ-BYT' },
        verification: 'unverified',
        unverifiedPaths: ['incidenceBands[1]'],
        note: null,
      },
    },
    units: [
      {
        code: '83',
        name: 'Tỉnh Bến Tre',
        level: 'province',
        districtCode: null,
        epidemicLevel: 3,
        proposedLevel: 3,
        overridden: false,
        inputs: { communesByLevel: [155, 0, 1, 1], casesPer100kWeek: 1.5, capacity: 'notReported' },
        decidingCriterion: 'aggregation',
      },
      {
        code: '28757',
        name: 'Phường Phú Tân',
        level: 'commune',
        districtCode: '829',
        epidemicLevel: 3,
        proposedLevel: 3,
        overridden: false,
        inputs: {
          population: 10_000,
          newCases: 3,
          casesPer100kWeek: 30,
          coverage: [
            { population: 'adults18Plus', measure: 'atLeastOneDose', minShare: 0.7, share: 0.5, met: false },
          ],
          capacity: 'notReported',
        },
        decidingCriterion: 'coverage',
      },
    ],
  };
}

const feed: PublicLevels = {
  provinceCode: '83',
  disease: 'COVID-19',
  latest: {
    week: '2021-11-08',
    confirmedAt: '2021-11-08T03:00:00.000Z',
    units: [
      { code: '83', name: 'Tỉnh Bến Tre', level: 'province', parentCode: null, epidemicLevel: 3 },
      { code: '829', name: 'Thành phố Bến Tre', level: 'district', parentCode: '83', epidemicLevel: 3 },
      { code: '28756', name: 'Phường Phú Khương', level: 'commune', parentCode: '829', epidemicLevel: 4 },
      { code: '28757', name: 'Phường Phú Tân', level: 'commune', parentCode: '829', epidemicLevel: 2 },
    ],
  },
  guidance: { '1': 'g1', '2': 'g2', '3': 'g3', '4': 'g4' },
};

beforeEach(async () => {
  await i18n.changeLanguage('vi');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the committee screen', () => {
  it('shows the proposal with its inputs and why, and confirms with an override and its reason', async () => {
    let confirmed = false;
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: committee, stage: 'active' } }),
      'GET /api/levels': () => ({ body: week(confirmed ? 'confirmed' : 'proposed') }),
      'GET /api/levels/weeks': () => ({ body: { items: [{ week: '2021-11-08', status: 'proposed' }] } }),
      'POST /api/levels/confirm': () => {
        confirmed = true;
        return { body: { week: '2021-11-08', confirmed: 167, overridden: 1 } };
      },
    });
    renderApp('/situation/levels');
    const row = (await screen.findByRole('rowheader', { name: /Phường Phú Tân/u })).closest('tr')!;
    expect(within(row).getByText(/Tiêu chí 2: tỷ lệ bao phủ vắc xin chưa đạt/u)).toBeTruthy();
    expect(within(row).getByText(/Người từ 18 tuổi \(ít nhất 1 liều\): 50%/u)).toBeTruthy();
    expect(within(row).getByText(/Năng lực điều trị: Chưa báo cáo/u)).toBeTruthy();
    expect(screen.getByText('Chưa xác minh với văn bản gốc')).toBeTruthy();
    expect(screen.getByText(/4800\/QĐ-BYT/u)).toBeTruthy();
    // Rules and units by name, dates in the language's format: no rule key, unit code or ISO date.
    expect(screen.getByText('Ngưỡng cấp độ dịch')).toBeTruthy();
    expect(screen.getByText(/01\/11\/2021/u)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/epidemicLevel\.|28757|\d{4}-\d\d-\d\d/u);

    fireEvent.change(within(row).getByLabelText(/Cấp độ điều chỉnh cho Phường Phú Tân/u), {
      target: { value: '2' },
    });
    fireEvent.change(within(row).getByLabelText(/Lý do điều chỉnh cho Phường Phú Tân/u), {
      target: { value: 'Ổ dịch đã khoanh vùng' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận và công bố tuần này' }));
    expect(await screen.findByText(/Đã xác nhận tuần 08\/11\/2021: 167 đơn vị, 1 điều chỉnh/u)).toBeTruthy();
    const post = seen.find((r) => r.method === 'POST' && r.url === '/api/levels/confirm');
    expect(post?.body).toEqual({
      week: '2021-11-08',
      overrides: [{ unitCode: '28757', unitLevel: 'commune', level: 2, reason: 'Ổ dịch đã khoanh vùng' }],
    });
    // Confirmed: published, nothing left to confirm.
    expect(await screen.findByText(/Đã xác nhận và công bố/u)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Xác nhận và công bố tuần này' })).toBeNull();
  });

  it('is read-only for an official who may not confirm', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        body: { user: { ...adminUser, role: 'provincial_epidemiologist' }, stage: 'active' },
      }),
      'GET /api/levels': () => ({ body: week('proposed') }),
      'GET /api/levels/weeks': () => ({ body: { items: [] } }),
    });
    renderApp('/situation/levels');
    await screen.findByRole('rowheader', { name: /Phường Phú Tân/u });
    expect(screen.queryByRole('button', { name: 'Xác nhận và công bố tuần này' })).toBeNull();
    expect(screen.queryByLabelText(/Cấp độ điều chỉnh/u)).toBeNull();
  });

  it('says so when the week has no proposal yet', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/levels/weeks': () => ({ body: { items: [] } }),
    });
    renderApp('/situation/levels');
    expect(await screen.findByText('Chưa có đề xuất cho tuần này.')).toBeTruthy();
  });
});

describe('the public page', () => {
  it('shows the confirmed levels, the count per level and what each level means, in English too', async () => {
    stubFetch({
      'GET /api/meta': () => ({
        body: {
          province: { code: '83', name: 'Bến Tre' },
          timeZone: 'Asia/Ho_Chi_Minh',
          demo: true,
          database: 'pglite',
          version: 't',
        },
      }),
      'GET /api/public/levels': () => ({ body: feed }),
    });
    await i18n.changeLanguage('en');
    renderApp('/levels');
    const row = (await screen.findByRole('rowheader', { name: 'Phường Phú Khương' })).closest('tr')!;
    expect(within(row).getByText('Red')).toBeTruthy();
    expect(within(row).getByText('Thành phố Bến Tre')).toBeTruthy();
    expect(screen.getByText(/The strictest measures/u)).toBeTruthy();
    // The week is named by its Monday in the reader's date format, never the ISO date.
    expect(screen.getByText('Week starting 08 Nov 2021')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Find a commune'), { target: { value: 'phu tan' } });
    expect(screen.queryByRole('rowheader', { name: 'Phường Phú Khương' })).toBeNull();
    expect(screen.getByRole('rowheader', { name: 'Phường Phú Tân' })).toBeTruthy();
  });

  it('says when nothing was published yet', async () => {
    stubFetch({ 'GET /api/public/levels': () => ({ body: { ...feed, latest: null } }) });
    renderApp('/levels');
    expect(await screen.findByText('Chưa có cấp độ nào được công bố.')).toBeTruthy();
  });
});
