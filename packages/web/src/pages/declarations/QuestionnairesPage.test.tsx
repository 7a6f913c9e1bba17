// @vitest-environment jsdom
/**
 * Publishing a questionnaire version in a browser-like DOM: the provincial epidemiologist (policy
 * role) starts from the version in force, breaks the JSON (told why), makes a malformed
 * questionnaire (each problem in the catalogue's words, nothing sent), then publishes a valid new
 * version with its effective date (the body the server expects). A commune officer sees the
 * versions but no editor.
 */
import { SHIPPED_QUESTIONNAIRES } from '@epilink/core';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';

const Q = SHIPPED_QUESTIONNAIRES.travel;
const version = {
  id: '0c4a1d2e-5f6b-4c7d-8e9f-0a1b2c3d4e5f',
  kind: 'travel',
  url: Q.url,
  version: Q.version,
  effectiveFrom: '2021-01-01',
  resource: Q,
};

function signedIn(user: User) {
  return {
    'GET /api/meta': () => ({ body: demoMeta }),
    'GET /api/auth/me': () => ({ body: { user, stage: 'active' } }),
    'GET /api/declarations/questionnaires': () => ({ body: { items: [version] } }),
    'GET /api/declarations/questionnaires/versions': () => ({ body: { items: [version] } }),
  };
}

const epidemiologist: User = {
  id: 'u-epi',
  username: 'dich.te',
  displayName: 'Bác sĩ dịch tễ',
  role: 'provincial_epidemiologist',
  jurisdiction: { code: '83', name: 'Bến Tre', level: 'province' },
};

describe('questionnaire versions', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('refuses broken JSON and a malformed questionnaire, then publishes a new version from a day on', async () => {
    const seen = stubFetch({
      ...signedIn(epidemiologist),
      'POST /api/declarations/questionnaires': (req) => {
        const body = req.body as { kind: string; effectiveFrom: string; resource: { version: string } };
        return {
          status: 201,
          body: { ...version, id: 'v-2', version: body.resource.version, effectiveFrom: body.effectiveFrom },
        };
      },
    });
    renderApp('/declarations/questionnaires');
    const row = await screen.findByRole('row', { name: /Khai báo di chuyển nội địa/u }, { timeout: 30_000 });
    expect(row.textContent).toContain('2021.1');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Sửa Khai báo di chuyển nội địa phiên bản 2021.1 thành phiên bản mới',
      }),
    );

    const json = screen.getByLabelText('Bảng câu hỏi (JSON, dạng FHIR Questionnaire)');
    fireEvent.change(json, { target: { value: '{ "resourceType": ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^JSON không đọc được: /u);

    const twice = { ...Q, version: '2026.2', item: [...Q.item, { ...Q.item[0]! }] };
    fireEvent.change(json, { target: { value: JSON.stringify(twice) } });
    fireEvent.click(screen.getByRole('button', { name: 'Công bố phiên bản mới' }));
    expect(screen.getByRole('alert').textContent).toContain('trip: linkId "trip" bị trùng.');
    expect(seen.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(json, { target: { value: JSON.stringify({ ...Q, version: '2026.2' }) } });
    fireEvent.change(screen.getByLabelText('Hiệu lực từ'), { target: { value: '2026-12-15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    expect(screen.getByText('Bảng câu hỏi hợp lệ. Xem trước bên dưới.')).toBeTruthy();
    expect(screen.getByRole('group', { name: /^Hành trình/u })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Công bố phiên bản mới' }));
    await screen.findByText(/^Đã công bố phiên bản 2026\.2, hiệu lực từ/u);
    const posted = seen.find((r) => r.method === 'POST');
    expect(posted?.body).toMatchObject({
      kind: 'travel',
      effectiveFrom: '2026-12-15',
      resource: { version: '2026.2' },
    });
    expect(screen.getByRole('row', { name: /2026\.2/u }).textContent).toContain('Từ ngày hiệu lực');
  });

  it('shows a commune officer the versions without an editor', async () => {
    stubFetch(
      signedIn({
        ...epidemiologist,
        role: 'commune_officer',
        jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
      }),
    );
    renderApp('/declarations/questionnaires');
    await screen.findByRole('row', { name: /Khai báo di chuyển nội địa/u }, { timeout: 30_000 });
    expect(
      screen.getByText('Chỉ cán bộ có quyền ban hành quy định mới công bố được bảng câu hỏi.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /thành phiên bản mới/u })).toBeNull();
  });
});
