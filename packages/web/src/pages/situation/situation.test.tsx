// @vitest-environment jsdom
/**
 * The situation room in the browser's DOM: the dashboard shows the key figures of the official's
 * jurisdiction and fetches them again when the live stream says a count changed; presentation
 * mode goes forward and back by key, forward on its timer, and Esc leaves it.
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { Indicators } from './api.ts';

/** The browser's EventSource as the live hook uses it (jsdom has none): the test plays the server. */
class ServerStream {
  static last: ServerStream | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    ServerStream.last = this;
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  removeEventListener(name: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((f) => f !== fn),
    );
  }
  close(): void {
    this.listeners.clear();
  }
  emit(name: string, data = ''): void {
    for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data }));
  }
}

/** Bến Tre over three days; `reportedToday` new cases on the last one. */
function indicators(reportedToday: number): Indicators {
  return {
    unit: { code: '83', name: 'Bến Tre', level: 'province', population: 1_300_000 },
    from: '2026-11-30',
    to: '2026-12-02',
    asOf: '2026-12-02',
    disease: 'COVID-19',
    days: ['2026-11-30', '2026-12-01', '2026-12-02'],
    series: {
      casesByOnset: [3, 5, 2],
      casesByReport: [4, 6, reportedToday],
      casesActive: [40, 44, 44 + reportedToday],
      deaths: [0, 1, 0],
      tests: [100, 120, 80],
      testsPositive: [4, 6, reportedToday],
      doses: [500, 400, 300],
      bedsTotal: [200, 200, 200],
      bedsOccupied: [50, 55, 60],
      icuTotal: [20, 20, 20],
      icuOccupied: [5, 6, 7],
    },
    totals: {
      casesByOnset: 10,
      casesByReport: 10 + reportedToday,
      casesActive: 44 + reportedToday,
      deaths: 1,
      tests: 300,
      testsPositive: 10 + reportedToday,
      doses: 1200,
      bedsTotal: 200,
      bedsOccupied: 60,
    },
    coverage: [
      { ageBand: '18-49', population: 500_000, firstDose: 450_000, fullSchedule: 400_000, booster: 100_000 },
    ],
  };
}

const provinceView = {
  unit: { code: '83', name: 'Bến Tre', type: 'Tỉnh', level: 'province', parentCode: null, personCount: 0 },
  ancestors: [],
  children: [
    {
      code: '829',
      name: 'Thành phố Bến Tre',
      type: 'Thành phố',
      level: 'district',
      parentCode: '83',
      personCount: 0,
    },
  ],
};

function value(tile: string): string {
  const el = screen.getByTestId(`tile-${tile}`).querySelector('.tile__value');
  return el?.textContent ?? '';
}

describe('the situation room', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
    vi.stubGlobal('EventSource', ServerStream);
    // jsdom draws no canvas (ECharts measures text with one; the charts themselves are SVG).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows the jurisdiction’s figures and fetches them again when the live stream says a count changed', async () => {
    let reported = 2;
    const band = (ageBand: string, first: number) => ({
      ageBand,
      first,
      second: 0,
      booster: 0,
      additional: 0,
      total: first,
    });
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/units/83': () => ({ body: provinceView }),
      'GET /api/indicators': () => ({ body: indicators(reported) }),
      'GET /api/indicators/doses-by-age': () => ({
        body: { bands: [band('12-17', 7), band('65+', reported * 100)] },
      }),
    });
    renderApp('/situation');
    await screen.findByTestId('tile-casesToday');
    expect(value('casesToday')).toBe('2');
    expect(screen.getByTestId('tile-casesToday').textContent).toContain('giảm 4 so với hôm qua');
    expect(value('casesPeriod')).toBe('12');
    expect(value('positivity')).toBe('4 %');
    expect(value('beds')).toBe('60 / 200');
    const asked = new URL(seen.find((r) => r.url.startsWith('/api/indicators'))!.url, 'http://x');
    expect(asked.searchParams.get('unit')).toBe('83');
    expect(asked.searchParams.get('disease')).toBe('COVID-19');
    expect(screen.getByRole('link', { name: 'Phòng tình huống' })).toBeTruthy();
    // Doses by age band and kind, and the scope on screen as files with Vietnamese headers.
    const doses = await screen.findByTestId('doses-by-age');
    expect(within(doses).getByRole('row', { name: /65\+/u }).textContent).toContain('200');
    const xlsx = new URL(
      screen.getByRole('link', { name: 'Excel (.xlsx, mọi bảng)' }).getAttribute('href')!,
      'http://x',
    );
    expect(xlsx.pathname).toBe('/api/indicators/export');
    expect(Object.fromEntries(xlsx.searchParams)).toMatchObject({
      unit: '83',
      format: 'xlsx',
      lang: 'vi',
      children: '1',
    });
    const csv = screen.getByRole('link', { name: 'CSV mũi tiêm theo nhóm tuổi' }).getAttribute('href')!;
    expect(new URL(csv, 'http://x').searchParams.get('table')).toBe('dosesByAge');

    // A positive result entered somewhere in the province: the stream says a count changed.
    expect(ServerStream.last!.url).toBe('/api/events/indicators');
    reported = 3;
    act(() => {
      ServerStream.last!.emit('indicator', JSON.stringify({ kind: 'indicator' }));
    });
    await screen.findByText('13');
    expect(value('casesToday')).toBe('3');
    // One event, one refetch of the figures.
    expect(seen.filter((r) => r.url.startsWith('/api/indicators?'))).toHaveLength(2);
  });

  it('offers the beds form as a tab to officials who report beds, not to the steering committee', async () => {
    const routes = {
      ...signedInRoutes(),
      'GET /api/units/83': () => ({ body: provinceView }),
      'GET /api/indicators': () => ({ body: indicators(2) }),
    };
    stubFetch(routes);
    renderApp('/situation');
    await screen.findByTestId('tile-casesToday');
    const tabs = screen.getByRole('navigation', { name: 'Phòng tình huống' });
    expect(within(tabs).getByRole('link', { name: 'Báo cáo giường bệnh' }).getAttribute('href')).toMatch(
      /^\/situation\/beds/u,
    );
    cleanup();
    stubFetch({
      ...routes,
      'GET /api/auth/me': () => ({
        body: {
          user: {
            id: 'u8',
            username: 'bcd',
            displayName: 'Ban chỉ đạo',
            role: 'steering_committee',
            jurisdiction: { code: '83', name: 'Bến Tre', level: 'province' },
          },
          stage: 'active',
        },
      }),
    });
    renderApp('/situation');
    await screen.findByTestId('tile-casesToday');
    const committeeTabs = screen.getByRole('navigation', { name: 'Phòng tình huống' });
    expect(within(committeeTabs).getByRole('link', { name: 'Bảng điều khiển' })).toBeTruthy();
    expect(within(committeeTabs).queryByRole('link', { name: 'Báo cáo giường bệnh' })).toBeNull();
  });

  it('is not offered to an official who may not read indicators', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        body: {
          user: {
            id: 'u7',
            username: 'truyvet',
            displayName: 'Cán bộ truy vết',
            role: 'tracer',
            jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
          },
          stage: 'active',
        },
      }),
      'GET /api/units': () => ({ body: { ...provinceView, children: [] } }),
    });
    renderApp('/');
    await screen.findByRole('link', { name: 'Ca bệnh & truy vết' });
    expect(screen.queryByRole('link', { name: 'Phòng tình huống' })).toBeNull();
  });

  it('presents one view at a time: keys go forward and back, the timer goes forward, Esc leaves', async () => {
    await i18n.changeLanguage('en');
    stubFetch({
      ...signedInRoutes(),
      'GET /api/units/83': () => ({ body: provinceView }),
      'GET /api/indicators': () => ({ body: indicators(2) }),
    });
    renderApp('/situation/present?unit=83&interval=600');
    await screen.findByRole('heading', { name: 'Today’s situation' });
    expect(screen.getByTestId('present-count').textContent).toBe('Slide 1 of 7');

    fireEvent.keyDown(window, { key: 'ArrowRight' });
    await screen.findByRole('heading', { name: 'Epidemic curve' });
    fireEvent.keyDown(window, { key: ' ' });
    await screen.findByRole('heading', { name: 'Tests and positivity' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    await screen.findByRole('heading', { name: 'Epidemic curve' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    await screen.findByRole('heading', { name: 'Epidemic level by week' });
    // The buttons go too, and the arrow keys still work while a button has the focus.
    const next = screen.getByRole('button', { name: 'Next slide' });
    fireEvent.click(next);
    await screen.findByRole('heading', { name: 'Today’s situation' });
    fireEvent.keyDown(next, { key: 'ArrowLeft' });
    await screen.findByRole('heading', { name: 'Epidemic level by week' });

    // Two seconds a slide: the timer moves on by itself (wrapping round to the first).
    fireEvent.change(screen.getByLabelText('Seconds per slide'), { target: { value: '2' } });
    await screen.findByRole('heading', { name: 'Today’s situation' });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Advance automatically' })).toBeTruthy();

    fireEvent.keyDown(window, { key: 'Escape' });
    await screen.findByRole('heading', { level: 1, name: 'Situation room' });
  });
});
