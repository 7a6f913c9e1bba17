// @vitest-environment jsdom
/**
 * A commune officer opens the administrative units: the province's headcount reads as a
 * Vietnamese number (12.883 người dân), not 12,883 — which a Vietnamese reader takes for twelve
 * and a bit — and in English as 12,883 people.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const province = {
  unit: {
    code: '86',
    name: 'Tỉnh Vĩnh Long',
    level: 'province',
    type: 'Tỉnh',
    parentCode: null,
    personCount: 12883,
  },
  ancestors: [],
  children: [],
};

describe('the units page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('counts the people of a unit with the reader’s digit grouping', async () => {
    await i18n.changeLanguage('vi');
    stubFetch({ ...signedInRoutes(), 'GET /api/units': () => ({ body: province }) });
    renderApp('/units');
    expect(await screen.findByText('Tỉnh · mã 86 · 12.883 người dân')).toBeTruthy();
    cleanup();

    await i18n.changeLanguage('en');
    renderApp('/units');
    expect(await screen.findByText('Province · code 86 · 12,883 people')).toBeTruthy();
    await i18n.changeLanguage('vi');
  });
});
