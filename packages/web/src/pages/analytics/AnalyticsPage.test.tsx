// @vitest-environment jsdom
/**
 * The epidemiologist opens the analysis page from the situation room: it asks the analytics API
 * for their jurisdiction, shows the latest reliable Rt and the alarms, offers the numbers as a CSV
 * with Vietnamese headers, and asks again when another disease is chosen.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { UnitAnalysis } from './api.ts';

const days = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];

/** Bến Tre's last five days as the server would answer (small on purpose). */
function analysis(disease: string): UnitAnalysis {
  const window = (end: string, median: number, reliable: boolean) => ({
    start: end,
    end,
    cases: reliable ? 20 : 3,
    reliable,
    mean: median,
    median,
    lower50: median - 0.1,
    upper50: median + 0.1,
    lower95: median - 0.3,
    upper95: median + 0.3,
  });
  return {
    unit: { code: '83', name: 'Bến Tre', level: 'province' },
    disease,
    from: days[0]!,
    to: '2026-12-02',
    asOf: '2026-12-02',
    days,
    casesByOnset: [4, 6, 9, 7, 2],
    casesByReport: [3, 5, 8, 30, 6],
    casesByOnsetNowcast: [4, 6, 9, 9, 5],
    nowcast: {
      pairs: 28,
      delayPmf: [0.5, 0.3, 0.2],
      days: [
        { day: '2026-12-01', reported: 7, expected: 8.6, lower90: 7, upper90: 12 },
        { day: '2026-12-02', reported: 2, expected: 4.5, lower90: 2, upper90: 9 },
      ],
    },
    rt: {
      serialInterval: { mean: 4.7, sd: 2.9, source: 'Nishiura et al. (2020)' },
      windows: [window('2026-12-01', 1.23, true), window('2026-12-02', 3.9, false)],
    },
    forecast: {
      simulations: 1000,
      seed: 7,
      days: [
        { day: '2026-12-03', median: 6, lower50: 4, upper50: 8, lower90: 2, upper90: 11 },
        { day: '2026-12-04', median: 7, lower50: 5, upper50: 9, lower90: 2, upper90: 13 },
      ],
    },
    alarms: [{ method: 'C1', day: '2026-12-01', observed: 30, upperbound: 12.5, statistic: 9.1 }],
    beds:
      disease === 'COVID-19'
        ? {
            mix: { recorded: 40, hospital: 6, icu: 1 },
            severityDays: 28,
            hospitalShare: 0.17,
            icuShare: 0.03,
            rule: {
              hospitalSeverities: ['moderate', 'severe', 'critical'],
              icuSeverities: ['severe', 'critical'],
              admissionDelayDays: 5,
              hospitalStay: { meanDays: 10, sdDays: 6 },
              icuStay: { meanDays: 12, sdDays: 8 },
              effectiveFrom: '2021-01-01',
              verification: 'unverified',
              source: 'EpiLink product default',
            },
            days: [
              {
                day: '2026-12-03',
                hospital: { median: 9, lower50: 8, upper50: 10, lower90: 6, upper90: 12 },
                icu: { median: 1.5, lower50: 1, upper50: 2, lower90: 0.5, upper90: 3 },
              },
              {
                day: '2026-12-04',
                hospital: { median: 10, lower50: 9, upper50: 11, lower90: 7, upper90: 13.5 },
                icu: { median: 1.6, lower50: 1, upper50: 2, lower90: 0.5, upper90: 3.2 },
              },
            ],
          }
        : null,
    bedsMissing: disease === 'COVID-19' ? null : 'noSeverity',
  };
}

describe('the analysis page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
    // jsdom draws no canvas (ECharts measures text with one; the charts themselves are SVG).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows Rt, the alarms and a CSV for the jurisdiction, and asks again for another disease', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/units/83': () => ({
        body: { unit: { code: '83', name: 'Bến Tre', level: 'province' }, ancestors: [], children: [] },
      }),
      'GET /api/analytics/unit': (req) => ({
        body: analysis(new URL(req.url, 'http://x').searchParams.get('disease') ?? ''),
      }),
    });
    renderApp('/situation/analytics?to=2026-12-02');
    expect((await screen.findByTestId('rt-latest')).textContent).toBe('Rt gần nhất: 1,23 (95 %: 0,93–1,53)');
    const asked = new URL(seen.find((r) => r.url.startsWith('/api/analytics/unit'))!.url, 'http://x');
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({
      unitCode: '83',
      disease: 'COVID-19',
      to: '2026-12-02',
    });
    expect(screen.getByRole('link', { name: 'Phân tích' }).getAttribute('aria-current')).toBe('page');
    const alarms = screen.getByRole('list', { name: /Cảnh báo sớm/u });
    expect(within(alarms).getByRole('listitem').textContent).toBe('C1 ngày 01/12/2026: 30 ca (ngưỡng 12,5)');
    expect(screen.getByRole('img', { name: /Phương pháp|ca có ngày khởi phát/u })).toBeTruthy();

    const href = screen.getByRole('link', { name: 'Tải CSV' }).getAttribute('href')!;
    const csv = decodeURIComponent(href.slice(href.indexOf(',') + 1)).split('\r\n');
    expect(csv[0]).toBe(
      '\uFEFFNgày,Ca theo ngày khởi phát,Ca theo ngày báo cáo,Ca theo ngày khởi phát (ước tính),Rt trung vị,"Rt 2,5 %","Rt 97,5 %",Dự báo trung vị,Dự báo 5 %,Dự báo 95 %',
    );
    expect(csv[4]).toBe('2026-12-01,7,30,9,1.23,0.93,1.53,,,');
    expect(csv[7]).toBe('2026-12-04,,,,,,,7,2,13');

    // Hospital and ICU demand: the last forecast day, the severity mix and the rule behind it.
    expect(screen.getByTestId('beds-latest').textContent).toBe(
      'Ngày cuối: 10 giường bệnh viện (90 %: 7–13,5), 1,6 giường hồi sức (90 %: 0,5–3,2).',
    );
    expect(screen.getByText(/6 cần nhập viện, 1 cần hồi sức tích cực/u).textContent).toContain(
      'chưa kiểm chứng',
    );
    // Every chart offers its picture and its data.
    for (const chart of [
      'Đường cong dịch',
      'Hệ số lây nhiễm hiệu dụng Rt',
      'Dự báo 14 ngày',
      'Giường đang sử dụng dự báo',
    ]) {
      expect(screen.getByRole('button', { name: `Tải ảnh PNG: ${chart}` })).toBeTruthy();
      expect(screen.getByRole('button', { name: `Tải số liệu Excel: ${chart}` })).toBeTruthy();
    }

    fireEvent.change(screen.getByLabelText('Bệnh'), { target: { value: 'DENGUE' } });
    await vi.waitFor(() => {
      expect(seen.some((r) => r.url.includes('disease=DENGUE'))).toBe(true);
    });
    expect(
      await screen.findByText(
        'Chưa có ca nào trong 28 ngày qua được ghi mức độ nặng: không ước tính được nhu cầu giường.',
      ),
    ).toBeTruthy();
  });
});
