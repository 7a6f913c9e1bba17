// @vitest-environment jsdom
/**
 * The epidemiologist scrolls to the backtest on the analysis page: the section asks the API for
 * the forecasts made over the 8 weeks before the page's day, shows the scores per horizon and
 * overall (Vietnamese number formats), draws the forecasts against what happened, and says so
 * when nothing was stored.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../../auth.tsx';
import { i18n } from '../../../i18n.ts';
import { signedInRoutes, stubFetch } from '../../../test-utils.tsx';
import type { Backtest } from './api.ts';
import { BacktestSection } from './BacktestSection.tsx';

const score = (count: number, wis: number | null, c50: number | null, c90: number | null) => ({
  count,
  wis,
  coverage50: c50,
  coverage90: c90,
});

function backtest(count: number): Backtest {
  return {
    unit: { code: '83', name: 'Bến Tre', level: 'province' },
    disease: 'COVID-19',
    from: '2026-10-07',
    to: '2026-12-02',
    models: count ? ['renewal-poisson@1'] : [],
    overall: count ? score(2, 1.75, 0.5, 1) : score(0, null, null, null),
    byHorizon: count
      ? [
          { horizon: 1, ...score(1, 0.5, 1, 1) },
          { horizon: 7, ...score(1, 3, 0, 1) },
        ]
      : [],
    observed: [
      { day: '2026-11-21', cases: 4 },
      { day: '2026-11-27', cases: 9 },
    ],
    forecasts: count
      ? [
          {
            madeOn: '2026-11-20',
            horizon: 1,
            day: '2026-11-21',
            median: 4,
            lower50: 3,
            upper50: 5,
            lower90: 1,
            upper90: 8,
            observed: 4,
          },
          {
            madeOn: '2026-11-20',
            horizon: 7,
            day: '2026-11-27',
            median: 5,
            lower50: 4,
            upper50: 6,
            lower90: 2,
            upper90: 10,
            observed: 9,
          },
        ]
      : [],
  };
}

const renderSection = () =>
  render(
    <AuthProvider>
      <BacktestSection unit="83" disease="COVID-19" to="2026-12-02" />
    </AuthProvider>,
  );

describe('the backtest section', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('vi');
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('scores the forecasts of the last 8 weeks by horizon and draws them against what happened', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/analytics/backtest': () => ({ body: backtest(2) }),
    });
    renderSection();
    const table = await screen.findByRole('table', { name: 'Điểm dự báo theo số ngày dự báo trước' });
    const asked = new URL(seen.find((r) => r.url.startsWith('/api/analytics/backtest'))!.url, 'http://x');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      unitCode: '83',
      disease: 'COVID-19',
      from: '2026-10-07',
      to: '2026-12-02',
    });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual([
      'Số ngày trướcSố dự báoWIS trung bìnhĐộ phủ 50 %Độ phủ 90 %',
      '110,5100 %100 %',
      '7130 %100 %',
      'Tất cả21,7550 %100 %',
    ]);
    expect(
      screen.getByRole('img', { name: 'Biểu đồ: dự báo trước 7 ngày so với số ca thực tế' }),
    ).toBeTruthy();
    expect(screen.getByText('Mô hình: renewal-poisson@1')).toBeTruthy();
  });

  it('says when no forecast was stored', async () => {
    stubFetch({ ...signedInRoutes(), 'GET /api/analytics/backtest': () => ({ body: backtest(0) }) });
    renderSection();
    expect(
      await screen.findByText(
        'Chưa có dự báo nào được lưu cho đơn vị và bệnh này trong khoảng thời gian đã chọn.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
