// @vitest-environment jsdom
/**
 * The coverage page (issue #10 item 7, issue #12 item 4): each row shows its numerator, its
 * denominator and where the denominator comes from (census or registry), the census used is named,
 * and a "units as of" date asks the server for the report in the units of that date.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { CoverageReport, CoverageRow } from './api.ts';

const row = (over: Partial<CoverageRow>): CoverageRow => ({
  unitCode: '28756',
  unitName: 'Phường Phú Khương',
  doses: 10,
  firstDose: 8,
  fullSchedule: 6,
  booster: 2,
  population: 16,
  denominator: 'census',
  firstDoseRate: 50,
  fullScheduleRate: 37.5,
  boosterRate: 12.5,
  ...over,
});

function answer(unitsAsOf: string): CoverageReport {
  const in2021 = unitsAsOf < '2025-07-01';
  return {
    asOf: '2026-12-02',
    unitsAsOf,
    ageGroup: '18+',
    items: in2021
      ? [row({ unitCode: '28759', unitName: 'Phường 8', population: 4, denominator: 'registry' })]
      : [
          row({}),
          row({ unitCode: '28777', unitName: 'Phường An Hội', denominator: 'registry', population: 9 }),
        ],
    census: { source: 'Điều tra 2019', referenceDate: '2025-07-01' },
  };
}

describe('coverage page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it.each([
    [
      'vi',
      'Mẫu số',
      'Nguồn mẫu số',
      'Điều tra dân số',
      'Sổ đăng ký',
      'Theo đơn vị hành chính ngày',
      '01/07/2025',
    ],
    ['en', 'Denominator', 'Denominator source', 'Census', 'Registry', 'Units as of', '01 Jul 2025'],
  ])(
    'shows numerator, denominator and its source per row (%s)',
    async (lang, den, src, census, registry, units, censusDate) => {
      await i18n.changeLanguage(lang);
      const seen = stubFetch({
        ...signedInRoutes(),
        'GET /api/vaccination/coverage': (req) => ({
          body: answer(new URLSearchParams(req.url.split('?')[1]).get('unitsAsOf') ?? ''),
        }),
      });
      renderApp('/vaccination/coverage');
      const table = await screen.findByRole('table');
      expect(within(table).getByRole('columnheader', { name: den })).toBeTruthy();
      expect(within(table).getByRole('columnheader', { name: src })).toBeTruthy();
      const rows = await within(table).findAllByTestId('coverage-row');
      expect(rows[0]!.textContent).toContain('Phường Phú Khương');
      expect(rows[0]!.textContent).toContain(census);
      expect(rows[1]!.textContent).toContain(registry);
      expect(screen.getByTestId('coverage-denominator').textContent).toContain('Điều tra 2019');
      // The census's reference date in the language's one date format.
      expect(screen.getByTestId('coverage-denominator').textContent).toContain(censusDate);

      // The same report in the units of 2021: the server is asked for them, and names Phường 8.
      fireEvent.change(screen.getByLabelText(units), { target: { value: '2021-08-10' } });
      await waitFor(() => {
        expect(screen.getAllByTestId('coverage-row')[0]!.textContent).toContain('Phường 8');
      });
      expect(seen.some((r) => r.url.includes('unitsAsOf=2021-08-10'))).toBe(true);
    },
  );

  it('groups a commune officer by their commune and names it; a district row says it is only their part', async () => {
    await i18n.changeLanguage('vi');
    const officer = {
      ...adminUser,
      role: 'commune_officer',
      jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' as const },
    };
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: officer, stage: 'active' } }),
      'GET /api/vaccination/coverage': (req) => ({
        body: {
          ...answer('2026-12-02'),
          items: req.url.includes('groupBy=commune')
            ? [row({})]
            : [row({ unitCode: '829', unitName: 'Thành phố Bến Tre' })],
        },
      }),
    });
    renderApp('/vaccination/coverage');
    const rows = await screen.findAllByTestId('coverage-row');
    expect(rows[0]!.textContent).toContain('Phường Phú Khương');
    expect(seen.every((r) => !r.url.includes('/coverage') || r.url.includes('groupBy=commune'))).toBe(true);
    expect(screen.getByTestId('coverage-scope').textContent).toBe('Số liệu của: Phường Phú Khương');
    fireEvent.change(screen.getByLabelText('Theo'), { target: { value: 'district' } });
    await waitFor(() => {
      expect(screen.getAllByTestId('coverage-row')[0]!.textContent).toContain(
        'Thành phố Bến Tre (chỉ phần thuộc Phường Phú Khương)',
      );
    });
  });
});
