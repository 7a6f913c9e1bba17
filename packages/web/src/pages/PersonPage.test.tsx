// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonDetail, PersonSummary } from '../api.ts';
import { i18n } from '../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const summary = (id: string, fullName: string): PersonSummary => ({
  id,
  fullName,
  dateOfBirth: '1960-12-01',
  sex: 'male',
  commune: { code: '28756', name: 'Phường Phú Khương' },
  district: { code: '829', name: 'Thành phố Bến Tre' },
  idNumberMasked: '083*******01',
  phoneMasked: null,
});

const minh: PersonDetail = {
  ...summary('p-2', 'Trần Văn Minh'),
  cccd: '083060000001',
  cmnd: null,
  passport: null,
  phone: '0912345678',
  address: '12 Đường 3/2',
  idIssues: [
    { messageKey: 'registry.idIssue.CCCD_SEX_MISMATCH', params: { cccdSays: 'female', recorded: 'male' } },
  ],
  household: {
    id: 'h-1',
    address: '12 Đường 3/2',
    members: [summary('p-2', 'Trần Văn Minh'), summary('p-3', 'Trần Thị Hoa')],
  },
  mergedFrom: [{ id: 'p-9', fullName: 'TRAN VAN MINH', mergedAt: '2024-05-01T03:00:00Z' }],
  history: [{ at: '2024-05-01T03:00:00Z', action: 'merge', actor: 'admin', fields: ['phone'] }],
  historyNextCursor: null,
};

describe('person page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the merged record the old id leads to, with household, merges and history', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/persons/p-9': () => ({ body: { person: minh, resolvedFrom: 'p-9' } }),
    });
    renderApp('/people/p-9');

    expect(await screen.findByRole('heading', { level: 1, name: 'Trần Văn Minh' })).toBeTruthy();
    expect(
      screen.getByText('Hồ sơ p-9 đã được gộp vào hồ sơ này; đang hiển thị hồ sơ hợp nhất.'),
    ).toBeTruthy();
    expect(screen.getByText('083060000001')).toBeTruthy();
    expect(within(screen.getByTestId('id-issues')).getByText(/không khớp giới tính/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Trần Thị Hoa' }).getAttribute('href')).toBe('/people/p-3');
    expect(screen.getByText('TRAN VAN MINH')).toBeTruthy();
    expect(screen.getByText('Gộp hồ sơ')).toBeTruthy();
    expect(screen.getByText('Trường: điện thoại')).toBeTruthy();
    expect(seen.some((r) => r.url === '/api/persons/p-9')).toBe(true);
  });

  it('loads the older history page by page until the server says there is no more', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/persons/p-2': () => ({
        body: { person: { ...minh, historyNextCursor: 'c-1' }, resolvedFrom: null },
      }),
      'GET /api/persons/p-2/history': () => ({
        body: {
          items: [{ at: '2021-01-04T03:00:00Z', action: 'create', actor: 'import', fields: ['fullName'] }],
          nextCursor: null,
        },
      }),
    });
    renderApp('/people/p-2');
    const more = await screen.findByRole('button', { name: 'Tải thêm' });
    expect(screen.queryByText('Trường: họ tên')).toBeNull();
    more.click();
    expect(await screen.findByText('Trường: họ tên')).toBeTruthy();
    expect(seen.some((r) => r.url === '/api/persons/p-2/history?cursor=c-1')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull(); // the whole history is shown
  });

  it('shows the server message when the person is out of reach', async () => {
    stubFetch(signedInRoutes());
    renderApp('/people/nobody');
    expect((await screen.findByRole('alert')).textContent).toContain('Không tìm thấy.');
  });

  it("asks for the person's tests only of roles that may read them", async () => {
    const vaccinator = {
      id: 'u-vx',
      username: 'tiemchung.phukhuong',
      displayName: 'Cán bộ tiêm chủng',
      role: 'vaccinator',
      jurisdiction: { code: '28756', name: 'Phú Khương', level: 'commune' as const },
    };
    const person = { 'GET /api/persons/p-2': () => ({ body: { person: minh, resolvedFrom: null } }) };
    const asVaccinator = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: vaccinator, stage: 'active' } }),
      ...person,
    });
    renderApp('/people/p-2');
    expect(await screen.findByRole('heading', { level: 1, name: 'Trần Văn Minh' })).toBeTruthy();
    expect(asVaccinator.filter((r) => r.url.startsWith('/api/persons/p-2/testing'))).toEqual([]);
    cleanup();
    vi.unstubAllGlobals();
    const asAdmin = stubFetch({ ...signedInRoutes(), ...person });
    renderApp('/people/p-2');
    expect(await screen.findByRole('heading', { level: 1, name: 'Trần Văn Minh' })).toBeTruthy();
    await vi.waitFor(() => {
      expect(asAdmin.some((r) => r.url.startsWith('/api/persons/p-2/testing'))).toBe(true);
    });
  });
});
