// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import { AUDIT_ENTITIES } from '@epilink/core';
import { AUDIT_ACTIONS } from './api.ts';
import type { AuditRow } from './api.ts';

const securityOfficer: User = {
  id: 'u9',
  username: 'baomat',
  displayName: 'Cán bộ an ninh',
  role: 'security_officer',
  jurisdiction: { code: '83', name: 'Bến Tre', level: 'province' },
};

const row = (id: number, action: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  id,
  at: '2026-11-25T03:00:00Z',
  actorId: 'u1',
  actorName: 'admin',
  actorRole: 'province_admin',
  action,
  entity: 'user',
  entityId: 'e1',
  personId: null,
  fields: [],
  purpose: null,
  ip: '10.0.0.7',
  details: null,
  seq: id,
  hash: 'h',
  ...extra,
});

describe('audit viewer', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists rows, filters, pages and shows the chain verification (intact, then broken)', async () => {
    let verifyOk = true;
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: securityOfficer, stage: 'active' } }),
      'GET /api/audit': (req) =>
        req.url.includes('before=')
          ? { body: { items: [row(1, 'login')], nextBefore: null } }
          : {
              body: {
                items: [
                  row(3, 'user_create', { fields: ['username', 'role'] }),
                  row(2, 'read', {
                    entity: 'person',
                    personId: 'p-42',
                    fields: ['phone'],
                    purpose: 'contact tracing',
                  }),
                ],
                nextBefore: 2,
              },
            },
      'GET /api/audit/verify': () => ({
        body: verifyOk
          ? { ok: true, checked: 3, unchained: 0, firstBroken: null }
          : { ok: false, checked: 1, unchained: 0, firstBroken: { id: '2', seq: '2', reason: 'content' } },
      }),
    });
    renderApp('/admin/audit');

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    // Actions are named in the reader's language (the code stays in the title).
    expect(within(rows[0]!).getByText('Tạo tài khoản')).toBeTruthy();
    // …and so are the kinds of record and the fields, the codes kept in the titles.
    expect(within(rows[0]!).getByText('Tên đăng nhập, Vai trò')).toBeTruthy();
    expect(within(rows[0]!).getByTitle('user').textContent).toBe('Tài khoản cán bộ');
    expect(within(rows[1]!).getByTitle('person').textContent).toBe('Hồ sơ người dân');
    expect(within(rows[1]!).getByText('Số điện thoại')).toBeTruthy();
    expect(within(rows[1]!).getByText('p-42')).toBeTruthy();
    expect(within(rows[1]!).getByText('contact tracing')).toBeTruthy();
    expect(within(rows[1]!).getByText('10.0.0.7')).toBeTruthy();
    expect(within(rows[1]!).getByText('Quản trị cấp tỉnh')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    await screen.findByTitle('login');
    expect(screen.getAllByTestId('audit-row')).toHaveLength(3);
    expect(within(screen.getAllByTestId('audit-row')[2]!).getByText('Đăng nhập')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();

    // Filter by action: the request carries it, and the CSV link exports the same filter.
    const filters = screen.getByRole('search', { name: 'Lọc nhật ký' });
    fireEvent.change(within(filters).getByLabelText('Hành động'), { target: { value: 'user_create' } });
    fireEvent.change(within(filters).getByLabelText('Tên đăng nhập của cán bộ'), {
      target: { value: 'admin' },
    });
    fireEvent.click(within(filters).getByRole('button', { name: 'Lọc' }));
    await screen.findAllByTestId('audit-row');
    expect(seen.some((r) => r.url.includes('action=user_create') && r.url.includes('actorName=admin'))).toBe(
      true,
    );
    expect(screen.getByRole('link', { name: 'Xuất CSV' }).getAttribute('href')).toBe(
      '/api/audit/export?actorName=admin&action=user_create',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra chuỗi băm' }));
    expect((await screen.findByTestId('chain-result')).textContent).toBe(
      'Chuỗi nhật ký toàn vẹn: đã kiểm tra 3 dòng.',
    );
    verifyOk = false;
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra chuỗi băm' }));
    const broken = await screen.findByRole('alert');
    expect(broken.textContent).toBe('Chuỗi nhật ký BỊ PHÁ VỠ tại dòng id=2 (seq 2, lỗi: nội dung).');
  });

  it('names every kind of audited record in Vietnamese and English', () => {
    for (const lng of ['vi', 'en'])
      for (const e of AUDIT_ENTITIES)
        expect(i18n.exists(`auditEntities.${e}`, { lng }), `${lng} ${e}`).toBe(true);
  });

  it('names every audit action in Vietnamese and English', () => {
    for (const lng of ['vi', 'en'])
      for (const a of AUDIT_ACTIONS)
        expect(i18n.exists(`security.web.admin.audit.actions.${a}`, { lng }), `${lng} ${a}`).toBe(true);
  });
});
