// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonSummary } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { Lot, VaccinationSession } from './api.ts';
import { usableLots } from './SessionPage.tsx';

const session: VaccinationSession = {
  id: 's-1',
  facilityId: 'f-1',
  facilityName: 'Trạm Y tế Xã An Hóa',
  facilityKind: 'commune_health_station',
  date: '2026-11-25',
  productCodes: ['EU/1/20/1528', 'EU/1/21/1529'],
  status: 'open',
  doseCount: 0,
};
const lot = (id: string, over: Partial<Lot> = {}): Lot => ({
  id,
  productCode: 'EU/1/20/1528',
  lotNumber: id.toUpperCase(),
  expiryDate: '2030-01-31',
  recalled: false,
  aefiFlagged: false,
  quantity: 10,
  ...over,
});
const lots = [
  lot('good'),
  lot('expired', { expiryDate: '2026-11-24' }),
  lot('recalled', { recalled: true }),
  lot('empty', { quantity: 0 }),
  lot('other-product', { productCode: 'BBIBP-CorV' }),
];
const mai: PersonSummary = {
  id: 'p-1',
  fullName: 'Lê Thị Mai',
  dateOfBirth: '1990-04-05',
  sex: 'female',
  commune: { code: '28756', name: 'Xã An Hóa' },
  district: null,
  idNumberMasked: '083******234',
  phoneMasked: '098****321',
};

describe('usableLots', () => {
  it('offers only lots of the session, not recalled, not expired on the day, with stock', () => {
    expect(usableLots(lots, session, '2026-11-25').map((l) => l.id)).toEqual(['good']);
  });
});

describe('session screen', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('finds a person from a scanned CCCD QR, screens, records in one click and is ready for the next', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/vaccination/sessions': () => ({ body: { items: [session], nextCursor: null } }),
      'GET /api/vaccination/sessions/s-1': () => ({ body: { session, doses: [], nextCursor: null } }),
      'GET /api/vaccination/lots': () => ({ body: { items: lots } }),
      'GET /api/vaccination/products': () => ({
        body: { version: 'x', products: [{ code: 'EU/1/20/1528', name: 'Comirnaty (Pfizer-BioNTech)' }] },
      }),
      'POST /api/persons/search': () => ({ body: { items: [mai] } }),
      'POST /api/vaccination/doses': () => ({
        status: 201,
        body: {
          doseId: 'd-1',
          doseNumber: 1,
          doseKind: 'primary',
          status: 'partial',
          next: { doseNumber: 2, kind: 'primary', earliest: '2026-12-16', due: '2027-01-13' },
          certificate: { id: 'c-1', uvci: 'URN:UVCI:01:VN:EL83/ABC#1' },
          screeningOutcome: 'vaccinate',
        },
      }),
    });
    renderApp('/vaccination');

    const lotSelect = await screen.findByLabelText('Lô vắc xin');
    await within(lotSelect).findByText(/lô GOOD/u);
    expect(within(lotSelect).getAllByRole('option')).toHaveLength(1);

    // A hand-held scanner types the CCCD card's QR into the search box: searched by the number.
    const search = screen.getByRole('searchbox', { name: /^Tìm người/u });
    fireEvent.change(search, {
      target: { value: '083190001234|321456789|Lê Thị Mai|05041990|Nữ|Ấp 1, Xã An Hóa|01012021' },
    });
    await screen.findByRole('button', { name: 'Chọn Lê Thị Mai' });
    expect(
      seen.some((r) => r.url === '/api/persons/search' && (r.body as { q?: string }).q === '083190001234'),
    ).toBe(true);
    fireEvent.keyDown(search, { key: 'Enter' });
    expect((await screen.findByTestId('chosen-person')).textContent).toBe('Lê Thị Mai');

    // A deferring answer blocks the dose; taking it back allows it.
    const record = screen.getByRole('button', { name: 'Ghi nhận mũi tiêm' });
    const fever = screen.getByLabelText('Đang sốt hoặc mắc bệnh cấp tính');
    fireEvent.click(fever);
    expect(screen.getByTestId('screening-outcome').textContent).toContain('Tạm hoãn');
    expect((record as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(fever);
    expect((record as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(record);

    const result = await screen.findByTestId('dose-result');
    expect(result.textContent).toContain('Đã ghi nhận mũi 1 cho Lê Thị Mai.');
    expect(result.textContent).toContain('URN:UVCI:01:VN:EL83/ABC#1');
    const post = seen.find((r) => r.method === 'POST' && r.url === '/api/vaccination/doses');
    expect(post?.body).toMatchObject({
      personId: 'p-1',
      facilityId: 'f-1',
      sessionId: 's-1',
      lotId: 'good',
      productCode: 'EU/1/20/1528',
      date: '2026-11-25',
      screening: { acuteIllnessOrFever: false },
    });
    // The next person: the search box is back and has the focus.
    const next = await screen.findByRole('searchbox', { name: /^Tìm người/u });
    expect(document.activeElement).toBe(next);
  });

  it('at a hospital records a "refer" outcome with the attested groups; a commune station refers on', async () => {
    const hospital: VaccinationSession = {
      ...session,
      id: 's-2',
      facilityId: 'f-2',
      facilityName: 'Bệnh viện Nguyễn Đình Chiểu',
      facilityKind: 'provincial_hospital',
      doseCount: 3,
    };
    const dose = (n: number) => ({
      id: `d-${n}`,
      personId: `p-${n}`,
      fullName: `Người Đã Tiêm ${n}`,
      productCode: 'EU/1/20/1528',
      doseNumber: 1,
      lotNumber: 'GOOD',
      createdAt: '2026-11-25T02:00:00.000Z',
      resident: true,
    });
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/vaccination/sessions': () => ({ body: { items: [hospital, session], nextCursor: null } }),
      // The session's doses come a page at a time: two, then "more" brings the third.
      'GET /api/vaccination/sessions/s-2': (req) => ({
        body: req.url.includes('cursor=')
          ? { session: hospital, doses: [dose(3)], nextCursor: null }
          : { session: hospital, doses: [dose(1), dose(2)], nextCursor: 'page-2' },
      }),
      'GET /api/vaccination/sessions/s-1': () => ({ body: { session, doses: [], nextCursor: null } }),
      'GET /api/vaccination/lots': () => ({ body: { items: lots } }),
      'GET /api/vaccination/products': () => ({ body: { version: 'x', products: [] } }),
      'POST /api/persons/search': () => ({ body: { items: [mai] } }),
      'POST /api/vaccination/doses': () => ({
        status: 201,
        body: {
          doseId: 'd-9',
          doseNumber: 4,
          doseKind: 'booster',
          status: 'boosted',
          next: null,
          certificate: null,
          screeningOutcome: 'refer',
        },
      }),
    });
    renderApp('/vaccination?session=s-2');

    await screen.findByText('Người Đã Tiêm 2');
    expect(screen.queryByText('Người Đã Tiêm 3')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm mũi đã tiêm' }));
    await screen.findByText('Người Đã Tiêm 3');
    expect(screen.queryByRole('button', { name: 'Xem thêm mũi đã tiêm' })).toBeNull();

    const search = screen.getByRole('searchbox', { name: /^Tìm người/u });
    fireEvent.change(search, { target: { value: 'Mai' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Chọn Lê Thị Mai' }));
    fireEvent.click(screen.getByLabelText('Suy giảm miễn dịch'));
    expect(screen.getByTestId('screening-outcome').textContent).toContain('điểm tiêm này là bệnh viện');
    const record = screen.getByRole('button', { name: 'Ghi nhận mũi tiêm' });
    expect((record as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: /^Nhóm suy giảm miễn dịch/u }));
    fireEvent.click(record);
    await screen.findByTestId('dose-result');
    const post = seen.find((r) => r.method === 'POST' && r.url === '/api/vaccination/doses');
    expect(post?.body).toMatchObject({
      sessionId: 's-2',
      screening: { immunosuppressed: true },
      groups: ['immunocompromised'],
    });

    // The same answer at a commune station: the person is referred, the dose cannot be recorded.
    fireEvent.change(screen.getByLabelText('Buổi tiêm hôm nay'), { target: { value: 's-1' } });
    await screen.findByText(/Đã tiêm trong buổi: 0/u);
    fireEvent.change(screen.getByRole('searchbox', { name: /^Tìm người/u }), { target: { value: 'Mai' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Chọn Lê Thị Mai' }));
    fireEvent.click(screen.getByLabelText('Suy giảm miễn dịch'));
    expect(screen.getByTestId('screening-outcome').textContent).toContain('không phải bệnh viện');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Ghi nhận mũi tiêm' }).disabled).toBe(true);
  });
});
