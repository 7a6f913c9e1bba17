// @vitest-environment jsdom
/**
 * The due list of a province official (#19 QA item 4): since the 2025 reform the province's
 * communes hang under it directly. The page asked for each of them as if it were a district (124
 * requests in the demo, on every visit) and then offered no commune to pick. One request for the
 * province, its communes in the picker, and the due list asked once — nothing repeats by itself.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

const commune = (code: string, name: string) => ({
  code,
  name,
  level: 'commune',
  type: 'Xã',
  parentCode: '83',
  personCount: 10,
});

describe('the due list of a province official', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('offers the province’s communes from one request and asks for the list once', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/units': () => ({
        body: {
          unit: {
            code: '83',
            name: 'Bến Tre',
            level: 'province',
            type: 'Tỉnh',
            parentCode: null,
            personCount: 20,
          },
          ancestors: [],
          children: [commune('28756', 'Phường Phú Khương'), commune('28757', 'Xã Phú Hưng')],
        },
      }),
      'GET /api/vaccination/due': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderApp('/vaccination/due');
    const picker = await screen.findByRole('combobox', { name: /Xã/u });
    await within(picker).findByRole('option', { name: 'Xã Phú Hưng' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      expect.any(String), // all communes
      'Phường Phú Khương',
      'Xã Phú Hưng',
    ]);
    const units = seen.filter((r) => r.url.startsWith('/api/units'));
    expect(units.map((r) => r.url)).toEqual(['/api/units']);
    expect(seen.filter((r) => r.url.startsWith('/api/vaccination/due'))).toHaveLength(1);
  });
});
