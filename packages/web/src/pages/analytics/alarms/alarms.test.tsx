// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, type User } from '../../../api.ts';
import { colorFor, legendFor } from '../../../components/map/layers.ts';
import { i18n } from '../../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../../test-utils.tsx';
import type { Worklist } from '../../cases/api.ts';
import type { Alarm } from './api.ts';

const officer: User = {
  id: 'u-officer',
  username: 'can.bo.xa',
  displayName: 'Cán bộ xã',
  role: 'commune_officer',
  jurisdiction: { code: '29836', name: 'Xã Trà Côn', level: 'commune' },
};
const signedIn = {
  'GET /api/meta': () => ({ body: demoMeta }),
  'GET /api/auth/me': () => ({ body: { user: officer, stage: 'active' } }),
};
const emptyWorklist: Worklist = {
  date: '2026-12-03',
  newCases: [],
  contactsToCall: [],
  followUpsDue: [],
  lost: [],
  nextCursors: { newCases: null, contactsToCall: null, followUpsDue: null, lost: null },
};
const alarm = (method: Alarm['method'], observed: number, threshold: number): Alarm => ({
  id: `a-${method}`,
  communeCode: '29836',
  communeName: 'Xã Trà Côn',
  districtCode: '831',
  disease: 'COVID-19',
  day: '2026-12-03',
  method,
  observed,
  threshold,
  status: 'open',
  note: null,
  acknowledgedAt: null,
  closeReason: null,
  closeNote: null,
  closedAt: null,
});

/**
 * Xã Trà Côn has two open alarms for today's burst of COVID-19 cases: EARS C1 (30 cases above a
 * bound of 4.9) and the 7-day incidence (81 per 100,000 against 50). The commune's officer finds
 * them among the worklist's tasks, acknowledges one with a note (it stays a task) and then closes
 * it as resolved with another note (it leaves the list); on the official map's
 * "alarms" layer the commune stands out and, chosen, lists its alarms with their numbers.
 */
describe('early-warning alarms on the worklist and the map', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('the worklist lists the active alarms, acknowledges one with a note, then closes it', async () => {
    let open = [alarm('C1', 30, 4.9), alarm('weeklyIncidence', 81, 50)];
    const seen = stubFetch({
      ...signedIn,
      'GET /api/tracing/worklist': () => ({ body: emptyWorklist }),
      'GET /api/analytics/alarms': () => ({ body: { alarms: open } }),
      'POST /api/analytics/alarms/a-C1/acknowledge': () => {
        const [first, ...rest] = open;
        const acknowledged: Alarm = { ...first!, status: 'acknowledged', note: 'Đã cử đội điều tra' };
        open = [acknowledged, ...rest];
        return { body: acknowledged };
      },
      'POST /api/analytics/alarms/a-C1/close': () => {
        const [first, ...rest] = open;
        open = rest;
        return {
          body: { ...first!, status: 'closed', closeReason: 'resolved', closeNote: 'Đã khoanh vùng xong' },
        };
      },
    });
    renderApp('/cases/worklist');

    await screen.findByRole('heading', { name: 'Cảnh báo sớm (2)' });
    expect(seen.find((r) => r.url.startsWith('/api/analytics/alarms'))?.url).toBe(
      '/api/analytics/alarms?status=active',
    );
    const c1 = screen.getByRole('listitem', { name: /EARS C1/u });
    expect(c1.textContent).toContain('Xã Trà Côn');
    expect(c1.textContent).toContain('30 ca báo cáo trong ngày, vượt ngưỡng 4.9');
    const incidence = screen.getByRole('listitem', { name: /Tỷ lệ mắc 7 ngày/u });
    expect(incidence.textContent).toContain('81 ca/100.000 dân trong 7 ngày, ngưỡng 50');

    // A note is required.
    fireEvent.click(within(c1).getByRole('button', { name: 'Xác nhận đã xử lý' }));
    expect(within(c1).getByRole('alert').textContent).toBe('Ghi chú cần ít nhất 3 ký tự.');
    expect(seen.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(within(c1).getByLabelText('Ghi chú xử lý'), { target: { value: 'Đã cử đội điều tra' } });
    fireEvent.click(within(c1).getByRole('button', { name: 'Xác nhận đã xử lý' }));
    const closeButton = await screen.findByRole('button', { name: 'Đóng cảnh báo (đã xử lý xong)' });
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/analytics/alarms/a-C1/acknowledge');
    expect(post?.body).toEqual({ note: 'Đã cử đội điều tra' });
    expect(post?.headers[CSRF_HEADER]).toBe('1');
    const acknowledged = screen.getByRole('listitem', { name: /EARS C1/u });
    expect(acknowledged.textContent).toContain('Đã xác nhận: Đã cử đội điều tra');
    expect(
      screen.getAllByRole('status').some((s) => s.textContent === 'Đã xác nhận cảnh báo tại Xã Trà Côn.'),
    ).toBe(true);

    fireEvent.change(within(acknowledged).getByLabelText('Ghi chú xử lý'), {
      target: { value: 'Đã khoanh vùng xong' },
    });
    fireEvent.click(closeButton);
    await screen.findByRole('heading', { name: 'Cảnh báo sớm (1)' });
    expect(seen.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual([
      '/api/analytics/alarms/a-C1/acknowledge',
      '/api/analytics/alarms/a-C1/close',
    ]);
    expect(screen.queryByRole('listitem', { name: /EARS C1/u })).toBeNull();
    expect(
      screen.getAllByRole('status').some((s) => s.textContent === 'Đã đóng cảnh báo tại Xã Trà Côn.'),
    ).toBe(true);
  });

  it('a role that may not read alarms sees the worklist without them', async () => {
    stubFetch({
      ...signedIn,
      'GET /api/tracing/worklist': () => ({ body: emptyWorklist }),
      'GET /api/analytics/alarms': () => ({
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: '', details: [] } },
      }),
    });
    renderApp('/cases/worklist');
    await screen.findByRole('heading', { name: 'Người tiếp xúc cần gọi (0)' });
    expect(screen.queryByRole('heading', { name: /Cảnh báo sớm/u })).toBeNull();
  });

  it('the map layer colours a commune by its open alarms and lists them when chosen', async () => {
    expect(colorFor('alarms', 0)).toBe(legendFor('alarms')[0]!.color);
    expect(colorFor('alarms', 1)).toBe(legendFor('alarms')[1]!.color);
    expect(colorFor('alarms', 3)).toBe(legendFor('alarms')[2]!.color);
    const feature = (code: string, name: string) => ({
      type: 'Feature',
      properties: { code, name, group: '831', groupName: 'Huyện Trà Ôn' },
      geometry: null,
    });
    const boundaries = (level: string, features: unknown[]) => ({
      type: 'FeatureCollection',
      level,
      asOf: '2026-12-03',
      dataset: null,
      attribution: null,
      licence: null,
      features,
    });
    stubFetch({
      ...signedIn,
      'GET /api/map/boundaries': (req) => ({
        body: req.url.includes('level=commune')
          ? boundaries('commune', [feature('29836', 'Xã Trà Côn'), feature('29837', 'Xã Tân Mỹ')])
          : boundaries('district', []),
      }),
      'GET /api/map/figures': () => ({ body: { communes: [] } }),
      'GET /api/analytics/alarms': () => ({
        body: { alarms: [alarm('C1', 30, 4.9), alarm('weeklyIncidence', 81, 50)] },
      }),
    });
    renderApp('/situation/map?layer=alarms');

    const legend = await screen.findByRole('region', { name: 'Chú giải' });
    expect(legend.textContent).toContain('Cảnh báo sớm');
    expect(legend.textContent).toContain('Từ 2 cảnh báo trở lên');
    fireEvent.change(screen.getByLabelText('Danh sách xã/phường'), { target: { value: '29836' } });
    const panel = await screen.findByRole('region', { name: 'Cảnh báo đang mở' });
    expect(panel.textContent).toContain('EARS C1');
    expect(panel.textContent).toContain('30 ca báo cáo trong ngày, vượt ngưỡng 4.9');
    expect(panel.textContent).toContain('81 ca/100.000 dân trong 7 ngày, ngưỡng 50');

    fireEvent.change(screen.getByLabelText('Danh sách xã/phường'), { target: { value: '29837' } });
    expect(screen.queryByRole('region', { name: 'Cảnh báo đang mở' })).toBeNull();
  });
});
