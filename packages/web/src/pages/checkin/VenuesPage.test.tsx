// @vitest-environment jsdom
/**
 * Issue 19 item 8: the venue form asked the owner for a 5-digit commune code. The owner's account
 * already knows their commune: it is shown by name and sent with the venue.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { adminUser, renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

it('registers a venue in the owner’s commune, named, with no code to type', async () => {
  await i18n.changeLanguage('vi');
  const owner = {
    ...adminUser,
    role: 'venue_owner',
    jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' as const },
  };
  const sent: unknown[] = [];
  stubFetch({
    ...signedInRoutes(),
    'GET /api/auth/me': () => ({ body: { user: owner, stage: 'active' } }),
    'GET /api/venues/mine': () => ({ body: { items: [], nextCursor: null } }),
    'POST /api/venues': (req) => {
      sent.push(req.body);
      return {
        status: 400,
        body: { error: { code: 'MALFORMED_REQUEST', message: 'x', messageKey: 'errors.x' } },
      };
    },
  });
  renderApp('/venues');
  expect(await screen.findByText('Phường Phú Khương')).toBeTruthy();
  expect(screen.queryByText('Mã xã/phường')).toBeNull();
  const form = screen.getByRole('button', { name: 'Gửi đăng ký' }).closest('form')!;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[required]')) {
    fireEvent.change(input, { target: { value: input.type === 'number' ? '10' : 'Chợ Phú Hưng' } });
  }
  fireEvent.submit(form);
  await waitFor(() => {
    expect(sent).toHaveLength(1);
  });
  expect(JSON.stringify(sent[0])).toContain('"communeCode":"28756"');
});

it('the approval page filters by the commune picked by name and offers its posters', async () => {
  await i18n.changeLanguage('vi');
  const officer = {
    ...adminUser,
    role: 'commune_officer',
    jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' as const },
  };
  const seen = stubFetch({
    ...signedInRoutes(),
    'GET /api/auth/me': () => ({ body: { user: officer, stage: 'active' } }),
    'GET /api/venues': () => ({ body: { items: [], nextCursor: null } }),
  });
  renderApp('/venues/approval');
  expect(await screen.findByText('Phường Phú Khương')).toBeTruthy();
  await waitFor(() => {
    expect(seen.some((r) => r.url.startsWith('/api/venues?') && r.url.includes('communeCode=28756'))).toBe(
      true,
    );
  });
  expect(screen.getByRole('link', { name: /áp phích|poster/iu }).getAttribute('href')).toContain('28756');
});
