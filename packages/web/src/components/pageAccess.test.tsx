// @vitest-environment jsdom
/**
 * A page reached by its address without the permission behind it (#19 QA): the officials' app
 * answers "you do not have access to this page" in the reader's language, with a way home, and
 * asks the server nothing for it. The import page follows what the server lets each role start: a
 * lab technician finds their lab result files, a province administrator only the kinds they may
 * import.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api.ts';
import { i18n } from '../i18n.ts';
import { adminUser, demoMeta, renderApp, stubFetch } from '../test-utils.tsx';

const securityOfficer: User = {
  ...adminUser,
  id: 'u-sec',
  username: 'baomat',
  displayName: 'Cán bộ bảo mật',
  role: 'security_officer',
};
const labTechnician: User = {
  ...adminUser,
  id: 'u-lab',
  username: 'xn.phukhuong',
  displayName: 'Kỹ thuật viên',
  role: 'lab_technician',
  jurisdiction: { code: '28756', name: 'Phú Khương', level: 'commune' },
};

const as = (user: User) => ({
  'GET /api/meta': () => ({ body: demoMeta }),
  'GET /api/auth/me': () => ({ body: { user, stage: 'active' } }),
  'GET /api/imports': () => ({ body: { items: [], nextCursor: null } }),
});

describe('pages a role may not open', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('a security officer typing the cases address is told, in words and with a way home, that it is not theirs', async () => {
    const seen = stubFetch(as(securityOfficer));
    renderApp('/cases');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bạn không có quyền xem trang này' }),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Về trang chủ' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(seen.map((r) => r.url).filter((u) => u.startsWith('/api/cases'))).toEqual([]);
  });

  it('in English too', async () => {
    await i18n.changeLanguage('en');
    stubFetch(as(securityOfficer));
    renderApp('/quarantine');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You do not have access to this page' }),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your home page' })).toBeTruthy();
  });

  it('a lab technician reaches the import page from the menu and finds the lab result files there', async () => {
    const seen = stubFetch(as(labTechnician));
    renderApp('/imports');
    expect(await screen.findByRole('heading', { level: 1, name: 'Nhập dữ liệu từ Excel/CSV' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Chức năng' });
    expect(within(nav).getByRole('link', { name: 'Nhập dữ liệu' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Nhập tệp kết quả xét nghiệm' }).getAttribute('href')).toBe(
      '/testing/import',
    );
    // No spreadsheet kind is theirs: no upload form, and no history the server would refuse.
    expect(screen.queryByRole('form')).toBeNull();
    expect(seen.map((r) => r.url).filter((u) => u.startsWith('/api/imports'))).toEqual([]);
  });

  it('a province administrator is offered only the kinds the server lets them start', async () => {
    stubFetch(as(adminUser));
    renderApp('/imports');
    const kind = await screen.findByRole('combobox', { name: 'Loại dữ liệu' });
    const offered = within(kind)
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(offered).toEqual(['people', 'households', 'venues']);
  });

  it("a province administrator on the cases is not offered the tracers' tabs, and their address says so", async () => {
    const seen = stubFetch({
      ...as(adminUser),
      'GET /api/cases': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderApp('/cases');
    const tabs = await screen.findByRole('navigation', { name: 'Ca bệnh & truy vết' });
    const offered = within(tabs)
      .getAllByRole('link')
      .map((a) => a.getAttribute('href'));
    expect(offered).toEqual(['/cases', '/cases/chain']);
    cleanup();
    renderApp('/cases/worklist');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bạn không có quyền xem trang này' }),
    ).toBeTruthy();
    expect(seen.map((r) => r.url).filter((u) => u.startsWith('/api/tracing'))).toEqual([]);
  });

  it('a tracer is offered all four', async () => {
    const tracer: User = {
      ...adminUser,
      id: 'u-tv',
      username: 'truyvet.phukhuong',
      role: 'tracer',
      jurisdiction: { code: '28756', name: 'Phú Khương', level: 'commune' },
    };
    stubFetch({ ...as(tracer), 'GET /api/cases': () => ({ body: { items: [], nextCursor: null } }) });
    renderApp('/cases');
    const tabs = await screen.findByRole('navigation', { name: 'Ca bệnh & truy vết' });
    expect(
      within(tabs)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/cases', '/cases/worklist', '/cases/chain', '/cases/referrals']);
  });
});
