// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';

describe('citizen booking', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('after booking, the places left are read again', async () => {
    let booked = 0;
    const session = () => ({
      id: 'ses-1',
      siteId: 'site-1',
      startsAt: '2026-11-27T00:30:00.000Z',
      endsAt: '2026-11-27T04:00:00.000Z',
      capacity: 100,
      booked,
      free: 100 - booked,
    });
    stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
      'GET /api/me/persons': () => ({
        body: {
          items: [
            {
              id: 'p-1',
              relation: 'self',
              fullName: 'Nguyễn Minh Huấn',
              dateOfBirth: null,
              sex: null,
              idNumber: null,
              phone: null,
              address: null,
              commune: null,
              district: null,
            },
            {
              id: 'p-2',
              relation: 'ward',
              fullName: 'Nguyễn Minh Khang',
              dateOfBirth: null,
              sex: null,
              idNumber: null,
              phone: null,
              address: null,
              commune: null,
              district: null,
            },
          ],
        },
      }),
      'GET /api/me/testing/sites': () => ({
        body: {
          items: [
            {
              id: 'site-1',
              name: 'Điểm xét nghiệm Trạm Y tế Phường Phú Khương',
              facilityId: null,
              address: null,
              active: true,
              communeCode: '28756',
              districtCode: '829',
              sessions: [session()],
            },
          ],
        },
      }),
      'POST /api/me/testing/registrations': () => {
        booked += 1;
        return { status: 201, body: { id: 'reg-1' } };
      },
    });
    // Opened from an F1's status page (#19 item 5): the ward and the reason come preselected.
    renderApp('/me/tests/book?person=p-2&reason=contact');

    expect(await screen.findByRole('radio', { name: /còn 100 chỗ/u })).toBeTruthy();
    expect((document.getElementById('book-who') as HTMLSelectElement).value).toBe('p-2');
    expect((document.getElementById('book-reason') as HTMLSelectElement).value).toBe('contact');
    fireEvent.click(screen.getByRole('button', { name: 'Đặt lịch' }));
    expect(await screen.findByText(/^Đã đặt lịch tại/u)).toBeTruthy();
    expect(await screen.findByRole('radio', { name: /còn 99 chỗ/u })).toBeTruthy();
  });
});
