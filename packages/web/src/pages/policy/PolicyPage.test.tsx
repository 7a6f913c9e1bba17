// @vitest-environment jsdom
/**
 * The policy screen as officials read it: each rule by its name and purpose in their language, the
 * value in force in a form made for its type (days, a table of bands), the source document with its
 * date and a translated verification badge, every version by effective date — and no developer
 * notes, rule codes or raw data, which only policy editors find behind "technical details", beside
 * the form that adds a version.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { PolicyList } from './types.ts';

const policies: PolicyList & { rules: { note?: string }[] } = {
  keys: [{ key: 'checkin.retentionDays' }, { key: 'quarantine.f1' }, { key: 'epidemicLevel.thresholds' }],
  rules: [
    {
      id: 'r1',
      key: 'checkin.retentionDays',
      diseaseCode: null,
      effectiveFrom: '2021-01-01',
      value: 30,
      source: { document: 'EpiLink product default' },
      verification: 'unverified',
      note: 'Product default of 30 days; no legal text found.',
      inForce: true,
    },
    {
      id: 'r2',
      key: 'quarantine.f1',
      diseaseCode: 'COVID-19',
      effectiveFrom: '2021-07-01',
      value: {
        bands: [
          {
            appliesTo: null,
            place: 'centralised',
            quarantineDays: 14,
            testDays: [1, 7, 14],
            monitoringDays: 14,
          },
        ],
      },
      source: { document: '5599/BYT-MT' },
      verification: 'unverified',
      note: 'DOMAIN.md gives only the month; the day is to be confirmed.',
      inForce: false,
    },
    {
      id: 'r3',
      key: 'quarantine.f1',
      diseaseCode: 'COVID-19',
      effectiveFrom: '2022-03-16',
      value: {
        bands: [{ appliesTo: null, place: 'none', quarantineDays: 0, testDays: [], monitoringDays: 10 }],
      },
      source: { document: '1909/BYT-DP', date: '2022-03-16' },
      verification: 'confirmed',
      inForce: true,
    },
    {
      id: 'r4',
      key: 'epidemicLevel.thresholds',
      diseaseCode: null,
      effectiveFrom: '2021-10-12',
      value: {
        incidenceBands: [
          { level: 1, fromPer100kPerWeek: 0, inclusive: true },
          { level: 2, fromPer100kPerWeek: 20, inclusive: true },
        ],
        coverage: [{ population: 'adults18Plus', measure: 'atLeastOneDose', minShare: 0.7 }],
      },
      source: { document: '4800/QĐ-BYT' },
      verification: 'confirmed',
      unverifiedPaths: ['incidenceBands[1]'],
      inForce: true,
    },
  ],
};

function routes(role: string) {
  return {
    ...signedInRoutes(),
    'GET /api/auth/me': () => ({ body: { user: { ...adminUser, role }, stage: 'active' } }),
    'GET /api/policy/rules': () => ({ body: policies }),
  };
}

beforeEach(async () => {
  await i18n.changeLanguage('vi');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the policy screen', () => {
  it('shows an official each rule in Vietnamese with its value, source, status and versions, and no developer text', async () => {
    stubFetch(routes('commune_officer'));
    renderApp('/policy');
    const f1 = (await screen.findByRole('heading', { name: 'Cách ly và theo dõi F1' })).closest('section')!;
    expect(within(f1).getByText(/Nơi cách ly, số ngày cách ly/u)).toBeTruthy();
    // The band in force as a small table: no quarantine, 10 days of monitoring.
    const band = within(f1).getByRole('cell', { name: 'Không cách ly' }).closest('tr')!;
    expect(within(band).getByText('10 ngày')).toBeTruthy();
    expect(within(f1).getByText(/Văn bản 1909\/BYT-DP ngày 16\/03\/2022/u, { selector: 'p' })).toBeTruthy();
    // History: both versions by effective date, each with its translated status.
    const history = within(f1).getAllByRole('table').at(-1)!;
    expect(within(history).getByText('01/07/2021')).toBeTruthy();
    expect(within(history).getByText('16/03/2022')).toBeTruthy();
    expect(within(history).getByText('Chưa xác minh')).toBeTruthy();
    expect(within(history).getByText('Đang áp dụng')).toBeTruthy();

    const retention = screen.getByRole('heading', { name: 'Thời gian lưu lượt quét mã' }).closest('section')!;
    expect(within(retention).getByText('30 ngày')).toBeTruthy();
    const levels = screen.getByRole('heading', { name: 'Ngưỡng cấp độ dịch' }).closest('section')!;
    expect(within(levels).getByRole('columnheader', { name: 'Từ (ca/100.000 dân/tuần)' })).toBeTruthy();
    expect(within(levels).getAllByText('Một phần chưa xác minh').length).toBeGreaterThan(0);

    // No internal notes, rule codes, raw data or editing for a reader.
    const page = document.body.textContent;
    expect(page).not.toMatch(/DOMAIN\.md|no legal text|quarantine\.f1|monitoringDays|"bands"/u);
    expect(screen.queryByText('Chi tiết kỹ thuật')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lưu phiên bản' })).toBeNull();
  });

  it('reads in English', async () => {
    stubFetch(routes('commune_officer'));
    await i18n.changeLanguage('en');
    renderApp('/policy');
    const f1 = (await screen.findByRole('heading', { name: 'Quarantine and monitoring of F1' })).closest(
      'section',
    )!;
    expect(within(f1).getByRole('cell', { name: 'No quarantine' })).toBeTruthy();
    expect(within(f1).getAllByText('Verified').length).toBeGreaterThan(0);
    expect(screen.getByText('30 days')).toBeTruthy();
  });

  it('gives a policy editor the raw data behind technical details and adds a version with its document date', async () => {
    const seen = stubFetch({
      ...routes('provincial_epidemiologist'),
      'POST /api/policy/rules': () => ({ status: 201, body: { id: 'r5' } }),
    });
    renderApp('/policy');
    const f1 = (await screen.findByRole('heading', { name: 'Cách ly và theo dõi F1' })).closest('section')!;
    const details = within(f1).getByText('Chi tiết kỹ thuật').closest('details')!;
    expect(within(details).getByText(/Mã quy định: quarantine\.f1/u)).toBeTruthy();
    expect(details.textContent).toMatch(/"monitoringDays": 10/u);
    expect(details.textContent).not.toMatch(/DOMAIN\.md/u);

    fireEvent.change(screen.getByLabelText('Quy định'), { target: { value: 'checkin.retentionDays' } });
    expect(screen.getByRole('option', { name: 'Thời gian lưu lượt quét mã' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Hiệu lực từ'), { target: { value: '2030-01-01' } });
    fireEvent.change(screen.getByLabelText('Giá trị (JSON)'), { target: { value: '45' } });
    fireEvent.change(screen.getByLabelText('Văn bản nguồn (số hiệu)'), { target: { value: '123/QĐ-UBND' } });
    fireEvent.change(screen.getByLabelText('Ngày ban hành văn bản'), { target: { value: '2029-12-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu phiên bản' }));
    expect(await screen.findByText('Đã lưu phiên bản mới.')).toBeTruthy();
    const post = seen.find((r) => r.method === 'POST' && r.url === '/api/policy/rules');
    expect(post?.body).toEqual({
      key: 'checkin.retentionDays',
      diseaseCode: null,
      effectiveFrom: '2030-01-01',
      value: 45,
      source: { document: '123/QĐ-UBND', date: '2029-12-20' },
      verification: 'unverified',
    });
  });
});
