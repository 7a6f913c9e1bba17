// @vitest-environment jsdom
/**
 * The check-in overlap search (#19 item 4): opened from a case page it has the case's person and
 * window filled in; otherwise the person is found by name and chosen, never pasted as a record id.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const PERSON = '0b6f5c1e-2f43-4c1a-9d7e-2a8f6e0c1d11';
const noContacts = () => ({ body: { contacts: [], outsideJurisdiction: 0 } });

describe('check-in overlap search', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('from a case page: the person and the window come filled in', async () => {
    const seen = stubFetch({ ...signedInRoutes(), 'POST /api/checkins/contacts': noContacts });
    renderApp(
      `/checkins/trace?person=${PERSON}&name=B%C3%B9i%20Th%E1%BB%8B%20Mai&from=2026-11-20&to=2026-12-02`,
    );
    await screen.findByText('Người được chọn: Bùi Thị Mai');
    expect(screen.getByLabelText<HTMLInputElement>('Từ').value).toBe('2026-11-20');
    expect(screen.getByLabelText<HTMLInputElement>('Đến').value).toBe('2026-12-02');
    fireEvent.change(screen.getByLabelText('Mục đích (ghi vào nhật ký)'), {
      target: { value: 'Truy vết ca' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Tìm' }));
    await screen.findByText(/0 người có thể tiếp xúc/u);
    const post = seen.find((r) => r.method === 'POST');
    expect((post?.body as { personIds: string[] }).personIds).toEqual([PERSON]);
  });

  it('otherwise the person is found by name and chosen', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'POST /api/persons/search': () => ({
        body: {
          items: [
            {
              id: PERSON,
              fullName: 'Bùi Thị Mai',
              dateOfBirth: '1990-01-02',
              sex: 'female',
              commune: { code: '28756', name: 'Phường Phú Khương' },
              district: null,
              idNumberMasked: '083******111',
              phoneMasked: null,
            },
          ],
          nextCursor: null,
        },
      }),
      'POST /api/checkins/contacts': noContacts,
    });
    renderApp('/checkins/trace');
    const find = await screen.findByRole('textbox', { name: /^Tìm người/u });
    fireEvent.change(find, { target: { value: 'Bùi Thị Mai' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tìm người' }));
    const choose = await screen.findByRole('button', { name: 'Chọn Bùi Thị Mai' });
    expect(choose.parentElement?.textContent).toContain('083******111');
    fireEvent.click(choose);
    await screen.findByText('Người được chọn: Bùi Thị Mai');
    expect(
      seen.some(
        (r) => r.url === '/api/persons/search' && String((r.body as { q?: string }).q).startsWith('Bùi'),
      ),
    ).toBe(true);
  });

  it('each contact shows their latest declaration of 14 days and its triage flag (#15 item 7)', async () => {
    const venue = { id: 'v-1', name: 'Chợ Phú Khương', communeCode: '28756' };
    const contact = {
      venue,
      exposureDate: '2026-12-01',
      overlapMinutes: 40,
      firstOverlapAt: '2026-12-01T02:00:00Z',
    };
    stubFetch({
      ...signedInRoutes(),
      'POST /api/checkins/contacts': () => ({
        body: {
          contacts: [
            {
              ...contact,
              personId: 'p-1',
              fullName: 'Trần Văn Nam',
              guestPhone: null,
              declaration: {
                id: 'd-1',
                kind: 'health',
                day: '2026-12-02',
                action: 'test',
                flagged: true,
                flagStatus: 'open',
              },
            },
            { ...contact, personId: 'p-2', fullName: 'Lê Thị Hoa', guestPhone: null, declaration: null },
          ],
          outsideJurisdiction: 0,
        },
      }),
    });
    renderApp(`/checkins/trace?person=${PERSON}&name=Mai&from=2026-11-20&to=2026-12-02`);
    await screen.findByText('Người được chọn: Mai');
    fireEvent.change(screen.getByLabelText('Mục đích (ghi vào nhật ký)'), {
      target: { value: 'Truy vết ca' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Tìm' }));
    expect(await screen.findByRole('columnheader', { name: 'Khai báo y tế (14 ngày)' })).toBeTruthy();
    expect(screen.getByRole('row', { name: /Trần Văn Nam/u }).textContent).toContain(
      '02/12/2026: Cần xét nghiệm (cần rà soát)',
    );
    expect(screen.getByRole('row', { name: /Lê Thị Hoa/u }).textContent).toContain('Chưa khai báo');
  });
});
