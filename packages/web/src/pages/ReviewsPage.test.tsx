// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonSummary, ReviewPair } from '../api.ts';
import { i18n } from '../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const person = (id: string, fullName: string): PersonSummary => ({
  id,
  fullName,
  dateOfBirth: '1990-04-05',
  sex: 'female',
  commune: null,
  district: null,
  idNumberMasked: null,
  phoneMasked: '098****321',
});

const pair: ReviewPair = {
  id: 'r-1',
  score: 0.91,
  reasons: ['NAME_CLOSE', 'dob_day_month_swapped', 'SEX_DIFFERENT', 'SOMETHING_NEW'],
  createdAt: '2024-05-01T03:00:00Z',
  a: person('p-1', 'Lê Thị Mai'),
  b: person('p-2', 'LE THI MAI'),
};

describe('duplicate review', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows a pair side by side and merges it keeping the chosen record', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/linkage/reviews': () => ({ body: { items: [pair] } }),
      'POST /api/linkage/reviews/r-1/decide': () => ({ body: { ok: true, personId: 'p-2' } }),
    });
    renderApp('/duplicates');

    const card = await screen.findByTestId('review-pair');
    expect(within(card).getByText('91%')).toBeTruthy();
    expect(within(card).getByText('Họ tên rất giống')).toBeTruthy();
    expect(within(card).getByText('Ngày sinh bị đảo ngày và tháng')).toBeTruthy();
    expect(within(card).getByText('SOMETHING_NEW')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'LE THI MAI' })).toBeTruthy();

    fireEvent.click(within(card).getAllByRole('radio', { name: 'Giữ hồ sơ này khi gộp' })[1]!);
    fireEvent.click(within(card).getByRole('button', { name: 'Gộp' }));

    expect(await screen.findByText(/Đã gộp hai hồ sơ của Lê Thị Mai\./u)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Mở hồ sơ sau khi gộp' }).getAttribute('href')).toBe(
      '/people/p-2',
    );
    expect(screen.queryByTestId('review-pair')).toBeNull();
    expect(screen.getByText('Không còn cặp hồ sơ nào chờ rà soát.')).toBeTruthy();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ decision: 'merge', keepId: 'p-2' });
  });

  it('keeps the pair and shows why when the decision fails', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/linkage/reviews': () => ({ body: { items: [pair] } }),
      'POST /api/linkage/reviews/r-1/decide': () => ({
        status: 409,
        body: {
          error: {
            code: 'CONFLICT',
            message: 'Dữ liệu đã thay đổi hoặc bị trùng.',
            messageKey: 'errors.conflict',
            details: [],
          },
        },
      }),
    });
    renderApp('/duplicates');
    fireEvent.click(await screen.findByRole('button', { name: 'Không phải cùng một người' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Dữ liệu đã thay đổi hoặc bị trùng.');
    expect(screen.getByTestId('review-pair')).toBeTruthy();
  });
});
