// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const unit = (code: string, name: string, level: 'province' | 'district' | 'commune') => ({
  code,
  name,
  type: '',
  level,
  parentCode: null,
  personCount: 0,
});

describe('registering a person: the commune picker lists the units of today', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('after the 2025 reform (province → commune) shows the communes at once, with no district picker', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/units': () => ({
        body: {
          unit: unit('86', 'Vĩnh Long', 'province'),
          ancestors: [],
          children: [unit('28756', 'Phường Phú Khương', 'commune'), unit('29719', 'Xã Tam Bình', 'commune')],
        },
      }),
    });
    renderApp('/people/new');
    const commune = await screen.findByLabelText('Xã/phường/thị trấn');
    expect(await screen.findByRole('option', { name: 'Phường Phú Khương' })).toBeTruthy();
    expect(commune.querySelectorAll('option')).toHaveLength(3);
    expect(screen.queryByLabelText('Huyện/thành phố')).toBeNull();
  });

  it('in 2021 units (province → district → commune) asks for the district first', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/units': () => ({
        body: {
          unit: unit('83', 'Bến Tre', 'province'),
          ancestors: [],
          children: [unit('829', 'Thành phố Bến Tre', 'district')],
        },
      }),
    });
    renderApp('/people/new');
    expect(await screen.findByRole('option', { name: 'Thành phố Bến Tre' })).toBeTruthy();
    expect(screen.getByLabelText('Huyện/thành phố')).toBeTruthy();
  });
});
