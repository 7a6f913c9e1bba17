// @vitest-environment jsdom
/**
 * "Today" on the web (the day a dose is given, the AEFI onset's latest day, coverage "as of") is
 * the province's day in the time zone the server's `/api/meta` announces — at 00:30 local time
 * (when a UTC device still says yesterday) and at 23:30 — never the device's own zone.
 */
import { DEFAULT_TIME_ZONE, provinceTimeZone, setProvinceTimeZone } from '@epilink/core';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';
import { todayIso } from './api.ts';

const unauthenticated = {
  status: 401,
  body: {
    error: {
      code: 'UNAUTHENTICATED',
      message: 'Please sign in.',
      messageKey: 'errors.unauthenticated',
      details: [],
    },
  },
};

describe('the web "today" is the province\'s day', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('en');
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setProvinceTimeZone(DEFAULT_TIME_ZONE);
  });

  it('at 00:30 in Hồ Chí Minh City today is already the new day (UTC still says yesterday)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-14T17:30:00Z'));
    expect(todayIso()).toBe('2027-03-15');
  });

  it('at 23:30 in Hồ Chí Minh City today is still the same day', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-15T16:30:00Z'));
    expect(todayIso()).toBe('2027-03-15');
  });

  it('the time zone comes from /api/meta: a server configured for UTC makes 00:30 VN time yesterday', async () => {
    stubFetch({
      'GET /api/meta': () => ({ body: { ...demoMeta, timeZone: 'UTC' } }),
      'GET /api/auth/me': () => unauthenticated,
    });
    renderApp('/login');
    expect(await screen.findByText('Bến Tre')).toBeTruthy();
    await waitFor(() => {
      expect(provinceTimeZone()).toBe('UTC');
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-14T17:30:00Z'));
    expect(todayIso()).toBe('2027-03-14');
  });
});
