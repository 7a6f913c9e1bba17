// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnitSummary, User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const unit = (code: string, name: string, level: UnitSummary['level'], parentCode: string | null) => ({
  code,
  name,
  level,
  type: level === 'district' ? 'Huyện' : 'Xã',
  parentCode,
  personCount: 0,
});

const province = unit('83', 'Bến Tre', 'province', null);
const chauThanh = unit('829', 'Huyện Châu Thành', 'district', '83');
const phuKhuong = unit('28756', 'Xã Phú Khương', 'commune', '829');

const units = {
  'GET /api/units/83': () => ({ body: { unit: province, ancestors: [], children: [chauThanh] } }),
  'GET /api/units/829': () => ({ body: { unit: chauThanh, ancestors: [province], children: [phuKhuong] } }),
  'GET /api/admin/users': () => ({ body: { items: [] } }),
};

const districtOfficer: User = {
  id: 'u2',
  username: 'huyen.chauthanh',
  displayName: 'Cán bộ huyện',
  role: 'district_officer',
  jurisdiction: { code: '829', name: 'Huyện Châu Thành', level: 'district' },
};

function roleChoices(form: HTMLElement): string[] {
  const select = within(form).getByLabelText('Vai trò');
  return within(select)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
}

describe('account form', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('offers a province administrator only the roles that may be held at the chosen unit', async () => {
    stubFetch({ ...signedInRoutes(), ...units });
    renderApp('/admin/accounts');
    const form = await screen.findByRole('form', { name: 'Tạo tài khoản' });
    // At province level: province roles and any-level roles, but no district officer.
    await waitFor(() => {
      expect(roleChoices(form)).toContain('Quản trị cấp tỉnh');
    });
    expect(roleChoices(form)).toContain('Cán bộ an ninh thông tin');
    expect(roleChoices(form)).not.toContain('Cán bộ huyện');
    // At a district: the district officer appears, the province-only roles disappear.
    const district = within(form).getByLabelText('Huyện');
    await within(district).findByRole('option', { name: 'Huyện Châu Thành' });
    fireEvent.change(district, { target: { value: '829' } });
    await waitFor(() => {
      expect(roleChoices(form)).toContain('Cán bộ huyện');
    });
    expect(roleChoices(form)).not.toContain('Quản trị cấp tỉnh');
    expect(roleChoices(form)).not.toContain('Cán bộ an ninh thông tin');
  });

  it('finds the unit by its name typed without tone marks and selects it in the lists (#19 item 8)', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      ...units,
      'GET /api/units/search': () => ({
        body: { items: [{ ...phuKhuong, parentName: 'Huyện Châu Thành' }] },
      }),
    });
    renderApp('/admin/accounts');
    const form = await screen.findByRole('form', { name: 'Tạo tài khoản' });
    fireEvent.change(within(form).getByLabelText('Tìm xã, phường, huyện theo tên'), {
      target: { value: 'phu khuong' },
    });
    fireEvent.click(await within(form).findByRole('button', { name: 'Xã Phú Khương, Huyện Châu Thành' }));
    await waitFor(() => {
      expect(within(form).getByLabelText<HTMLSelectElement>('Xã').value).toBe('28756');
    });
    expect(within(form).getByLabelText<HTMLSelectElement>('Huyện').value).toBe('829');
    const search = seen.find((r) => r.url.startsWith('/api/units/search'));
    expect(search?.url).toBe('/api/units/search?q=phu%20khuong&within=83&levels=district,commune');
  });

  it('offers a district officer only commune-level work roles, and shows the server’s error inline', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({ body: { user: districtOfficer, stage: 'active' } }),
      ...units,
      'POST /api/admin/users': () => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Dữ liệu không hợp lệ.',
            messageKey: 'errors.validationFailed',
            details: [{ path: 'password', message: 'Cần ít nhất 10 ký tự.' }],
          },
        },
      }),
    });
    renderApp('/admin/accounts');
    const form = await screen.findByRole('form', { name: 'Tạo tài khoản' });
    await waitFor(() => {
      expect(roleChoices(form)).toEqual([
        'Cán bộ xã',
        'Cán bộ truy vết',
        'Kỹ thuật viên xét nghiệm',
        'Cán bộ tiêm chủng',
        'Cán bộ cách ly',
        'Chủ địa điểm',
      ]);
    });
    // No district picker outside my district; the commune picker lists my communes only.
    expect(within(form).queryByLabelText('Huyện')).toBeNull();
    const commune = within(form).getByLabelText('Xã');
    await within(commune).findByRole('option', { name: 'Xã Phú Khương' });
    fireEvent.change(commune, { target: { value: '28756' } });

    fireEvent.change(within(form).getByLabelText('Tên đăng nhập'), { target: { value: 'xa.moi' } });
    fireEvent.change(within(form).getByLabelText('Họ tên'), { target: { value: 'Cán bộ xã mới' } });
    fireEvent.change(within(form).getByLabelText(/Mật khẩu ban đầu/u), { target: { value: 'short' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo tài khoản' }));

    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Dữ liệu không hợp lệ.');
    expect(alert.textContent).toContain('Cần ít nhất 10 ký tự.');
    const post = seen.find((r) => r.method === 'POST' && r.url === '/api/admin/users');
    expect(post?.body).toEqual({
      username: 'xa.moi',
      displayName: 'Cán bộ xã mới',
      email: null,
      password: 'short',
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
  });
});
