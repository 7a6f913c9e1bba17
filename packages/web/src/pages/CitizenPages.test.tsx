// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../test-utils.tsx';

describe('citizen health book', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows my date of birth as a date of the UI language, not as stored', async () => {
    stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
      'GET /api/me/persons': () => ({
        body: {
          items: [
            {
              id: 'p-1',
              relation: 'self',
              fullName: 'Nguyễn Kim Phương',
              dateOfBirth: '1973-03-24',
              sex: 'female',
              idNumber: null,
              phone: null,
              address: null,
              commune: null,
              district: null,
            },
          ],
        },
      }),
      'GET /api/me/epi-status': () => ({ body: { items: [] } }),
    });
    renderApp('/me');

    const card = await screen.findByRole('article', { name: 'Nguyễn Kim Phương' });
    expect(within(card).getByText('24/03/1973')).toBeTruthy();

    await i18n.changeLanguage('en');
    expect(await within(card).findByText('24 Mar 1973')).toBeTruthy();
  });
});
