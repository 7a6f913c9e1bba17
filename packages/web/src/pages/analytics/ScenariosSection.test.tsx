// @vitest-environment jsdom
/**
 * On the analysis page the epidemiologist sets a 50 % contact reduction, adds a testing scenario and
 * runs them: the API is asked for the unit with those levers, the curves are drawn side by side, each
 * curve's peak is listed and the assumptions are shown with their sources — in Vietnamese, then in
 * English. A lever the server refuses shows its translated message.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { ScenarioLevers, ScenariosResult } from './scenarios.ts';

const days = ['2026-12-03', '2026-12-04', '2026-12-05'];

/** The server's answer: the baseline peaks on the 4th, the scenarios lower. */
function answer(scenarios: ScenarioLevers[]): ScenariosResult {
  const curve = (name: string, cases: number[]) => ({
    name,
    levers: { contactReductionPercent: 0, vaccinationPerDay: 0, testingPercent: 0 },
    newInfections: cases.map((c) => c / 0.3),
    cases,
    peakCases: Math.max(...cases),
    peakDay: days[cases.indexOf(Math.max(...cases))]!,
    totalInfections: cases.reduce((a, b) => a + b, 0) / 0.3,
  });
  return {
    unit: { code: '83', name: 'Bến Tre', level: 'province' },
    disease: 'COVID-19',
    to: '2026-12-02',
    days,
    curves: [
      curve('baseline', [10, 12.5, 11]),
      ...scenarios.map((s, i) => curve(s.name, [8 - i, 7 - i, 6 - i])),
    ],
    assumptions: [
      { name: 'r0', value: 2.5, source: 'product default (unverified): override in the request' },
      { name: 'contactMatrix', value: '[[3,1]]', source: 'assumption: assortative by age' },
    ],
  };
}

describe('scenarios on the analysis page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const routes = (
    scenarioAnswer: (body: { scenarios: ScenarioLevers[] }) => { status?: number; body: unknown },
  ) => ({
    ...signedInRoutes(),
    'GET /api/units/83': () => ({
      body: { unit: { code: '83', name: 'Bến Tre', level: 'province' }, ancestors: [], children: [] },
    }),
    'GET /api/analytics/unit': () => ({
      body: {
        unit: { code: '83', name: 'Bến Tre', level: 'province' },
        disease: 'COVID-19',
        from: '2026-12-02',
        to: '2026-12-02',
        asOf: '2026-12-02',
        days: ['2026-12-02'],
        casesByOnset: [1],
        casesByReport: [1],
        casesByOnsetNowcast: [1],
        nowcast: { pairs: 0, delayPmf: [1], days: [] },
        rt: { serialInterval: { mean: 4.7, sd: 2.9, source: 'x' }, windows: [] },
        forecast: null,
        alarms: [],
      },
    }),
    'POST /api/analytics/scenarios': (req: { body: unknown }) =>
      scenarioAnswer(req.body as { scenarios: ScenarioLevers[] }),
  });

  it('runs the levers set by the official and shows the curves, peaks and assumptions', async () => {
    const seen = stubFetch(routes((b) => ({ body: answer(b.scenarios) })));
    renderApp('/situation/analytics?to=2026-12-02');
    const section = await screen.findByRole('region', { name: /Kịch bản/u });
    fireEvent.change(within(section).getByLabelText('Giảm tiếp xúc (%)'), { target: { value: '50' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Thêm kịch bản' }));
    const names = within(section).getAllByLabelText('Tên kịch bản');
    fireEvent.change(names[1]!, { target: { value: 'Xét nghiệm' } });
    fireEvent.change(within(section).getAllByLabelText(/xét nghiệm và cách ly sớm/u)[1]!, {
      target: { value: '60' },
    });
    fireEvent.click(within(section).getByRole('button', { name: 'Chạy mô phỏng' }));

    const peaks = await within(section).findByRole('list', { name: /Ca dự kiến/u });
    const posted = seen.find((r) => r.method === 'POST' && r.url === '/api/analytics/scenarios')!;
    expect(posted.body).toMatchObject({
      unitCode: '83',
      disease: 'COVID-19',
      to: '2026-12-02',
      days: 120,
      scenarios: [
        { name: 'Kịch bản 1', contactReductionPercent: 50, vaccinationPerDay: 0, testingPercent: 0 },
        { name: 'Xét nghiệm', contactReductionPercent: 0, vaccinationPerDay: 0, testingPercent: 60 },
      ],
    });
    expect(
      within(peaks)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Cơ sở: đỉnh 12,5 ca/ngày vào 04/12/2026, tổng 112 ca nhiễm',
      'Kịch bản 1: đỉnh 8 ca/ngày vào 03/12/2026, tổng 70 ca nhiễm',
      'Xét nghiệm: đỉnh 7 ca/ngày vào 03/12/2026, tổng 60 ca nhiễm',
    ]);
    expect(within(section).getByTestId('scenarios-chart')).toBeTruthy();
    const table = within(section).getByRole('table', { name: 'Giả định của mô hình' });
    expect(within(table).getByRole('rowheader', { name: 'r0' }).nextSibling?.textContent).toBe('2,5');
    expect(within(table).getByText(/assumption: assortative/u)).toBeTruthy();

    await i18n.changeLanguage('en');
    expect(
      await within(section).findByText(
        'Baseline: peak 12.5 cases a day on 04 Dec 2026, 112 infections in all',
      ),
    ).toBeTruthy();
  });

  it('shows the server’s translated refusal of a lever', async () => {
    stubFetch(
      routes(() => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Dữ liệu không hợp lệ.',
            messageKey: 'errors.validation',
            details: [{ path: 'scenarios.0.vaccinationPerDay', message: 'Giá trị quá lớn' }],
          },
        },
      })),
    );
    renderApp('/situation/analytics?to=2026-12-02');
    const section = await screen.findByRole('region', { name: /Kịch bản/u });
    fireEvent.click(within(section).getByRole('button', { name: 'Chạy mô phỏng' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('Dữ liệu không hợp lệ');
  });
});
