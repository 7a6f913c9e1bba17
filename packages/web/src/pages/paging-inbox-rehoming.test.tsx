// @vitest-environment jsdom
/**
 * Two more lists load every page (issue #11 item 1): the demo inbox keeps polling its newest page
 * and "Load more" reaches older messages by cursor; the re-homing queue loads its next page and
 * names the queue's size only once every page is loaded.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n.ts';
import { demoMeta, renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const message = (id: number, at: string) => ({
  id,
  channel: 'sms',
  recipient: `09123450${String(id).padStart(2, '0')}`,
  subject: null,
  body: `Tin nhắn số ${id}`,
  createdAt: at,
});
const review = (id: string) => ({
  id,
  changeSet: '2025-07',
  entity: 'household',
  entityId: `hh-${id}`,
  oldCode: '29719',
  oldName: 'Thị trấn Tam Bình',
  candidates: [{ code: '29836', name: 'Xã Tân Lược', share: 1 }],
});

describe('more lists page by page', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('the demo inbox loads older messages by cursor', async () => {
    const seen = stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
      'GET /api/demo/inbox': (req) =>
        req.url.includes('cursor=older')
          ? { body: { items: [message(1, '2026-12-01T01:00:00.000Z')], nextCursor: null } }
          : { body: { items: [message(2, '2026-12-02T01:00:00.000Z')], nextCursor: 'older' } },
    });
    renderApp('/demo/inbox');
    expect(await screen.findByText('Tin nhắn số 2')).toBeTruthy();
    expect(screen.queryByText('Tin nhắn số 1')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Tải thêm' }));
    expect(await screen.findByText('Tin nhắn số 1')).toBeTruthy();
    expect(screen.getAllByTestId('message-body').map((m) => m.textContent)).toEqual([
      'Tin nhắn số 2',
      'Tin nhắn số 1',
    ]);
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull();
    });
    expect(seen.some((r) => r.url === '/api/demo/inbox?cursor=older')).toBe(true);
  });

  it('the re-homing queue loads its next page, and counts the queue once complete', async () => {
    stubFetch({
      ...signedInRoutes(),
      'GET /api/units/rehoming-reviews': (req) =>
        req.url.includes('cursor=q-2')
          ? { body: { items: [review('b')], nextCursor: null } }
          : { body: { items: [review('a')], nextCursor: 'q-2' } },
    });
    renderApp('/admin/rehoming');
    expect(await screen.findByTestId('rehoming-household-hh-a')).toBeTruthy();
    expect(screen.queryByText(/đang chờ/u)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Tải thêm' }));
    expect(await screen.findByTestId('rehoming-household-hh-b')).toBeTruthy();
    expect(screen.getByText('2 mục đang chờ')).toBeTruthy();
  });
});
