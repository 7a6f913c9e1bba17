// @vitest-environment jsdom
import { addDays, today } from '@epilink/core';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mondayOf } from '../../components/map/data.ts';
import { formatDate } from '../../format.ts';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

/**
 * The public map opens on the levels in force: the latest week the steering committee confirmed
 * (this week's levels are only proposed until then), unless the address names a week.
 */
describe('the public map', () => {
  const lastWeek = addDays(mondayOf(today()), -7);
  const label = (week: string) =>
    `Week from ${formatDate(week, 'en') ?? week} to ${formatDate(addDays(week, 6), 'en') ?? ''}`;

  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('en');
    stubFetch({
      ...signedInRoutes(),
      'GET /api/auth/me': () => ({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: '', details: [] } },
      }),
      'GET /api/public/levels': () => ({
        body: { provinceCode: '83', disease: 'COVID-19', latest: { week: lastWeek, units: [] } },
      }),
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the latest confirmed week when no week is asked', async () => {
    renderApp('/map');
    expect(await screen.findByText(label(lastWeek))).toBeTruthy();
  });

  it('keeps the week the address asks for', async () => {
    const old = '2022-03-14';
    renderApp(`/map?week=${old}`);
    expect(await screen.findByText(label(old))).toBeTruthy();
  });
});
