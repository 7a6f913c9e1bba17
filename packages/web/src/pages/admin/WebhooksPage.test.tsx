// @vitest-environment jsdom
/**
 * The webhook page as a province administrator uses it (Vietnamese): the subscriptions the server
 * lists, a new one for the level-change topic with its secret shown once, disabling one, a test
 * event and the delivery log with its attempts, last error and next try.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import type { WebhookSubscription } from './webhooksApi.ts';

const SUB: WebhookSubscription = {
  id: '7d1a2f8e-0000-4000-8000-000000000001',
  name: 'HIS ca mới',
  url: 'https://his.example.vn/hook',
  topics: ['case.created'],
  jurisdictionCode: '83',
  consecutiveFailures: 0,
  disabledAt: null,
  createdAt: '2026-12-01T02:00:00.000Z',
};

describe('webhook administration', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists, creates (secret once), disables, sends a test event and shows the delivery log', async () => {
    let subs = [SUB];
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/admin/webhooks': () => ({ body: { items: subs } }),
      'POST /api/admin/webhooks': (req) => {
        const body = req.body as { name: string };
        const created = { ...SUB, id: '7d1a2f8e-0000-4000-8000-000000000002', name: body.name };
        subs = [created, ...subs];
        return { status: 201, body: { subscription: created, secret: 'whsec_shown_once' } };
      },
      [`POST /api/admin/webhooks/${SUB.id}/disable`]: () => {
        subs = subs.map((s) => (s.id === SUB.id ? { ...s, disabledAt: '2026-12-03T05:00:00.000Z' } : s));
        return { status: 204 };
      },
      [`POST /api/admin/webhooks/${SUB.id}/test`]: () => ({ status: 202, body: { deliveryId: 9 } }),
      [`GET /api/admin/webhooks/${SUB.id}/deliveries`]: () => ({
        body: {
          items: [
            {
              id: 9,
              topic: 'webhook.test',
              status: 'pending',
              attempts: 2,
              lastStatus: 503,
              lastError: 'HTTP 503',
              createdAt: '2026-12-03T05:01:00.000Z',
              deliveredAt: null,
              availableAt: '2026-12-03T05:05:00.000Z',
            },
          ],
        },
      }),
    });
    renderApp('/admin/webhooks');

    const table = await screen.findByRole('table', { name: 'Đăng ký nhận' });
    expect(within(table).getByText('HIS ca mới')).toBeTruthy();
    expect(within(table).getByText('Ca bệnh mới')).toBeTruthy();
    expect(within(table).getByText('Đang hoạt động')).toBeTruthy();

    const form = screen.getByRole('form', { name: 'Thêm đăng ký' });
    fireEvent.change(within(form).getByLabelText('Tên'), { target: { value: 'Cổng cấp độ dịch' } });
    fireEvent.change(within(form).getByLabelText('Địa chỉ nhận'), {
      target: { value: 'https://capdo.example.vn/hook' },
    });
    fireEvent.click(within(form).getByLabelText(/Thay đổi cấp độ dịch/u));
    const save = within(form).getByRole('button', { name: 'Tạo đăng ký' });
    await vi.waitFor(() => {
      expect((save as HTMLButtonElement).disabled).toBe(false);
    });
    fireEvent.click(save);
    expect((await screen.findByTestId<HTMLInputElement>('webhook-secret')).value).toBe('whsec_shown_once');
    const posted = seen.find((r) => r.method === 'POST' && r.url === '/api/admin/webhooks');
    expect(posted?.body).toEqual({
      name: 'Cổng cấp độ dịch',
      url: 'https://capdo.example.vn/hook',
      topics: ['level.changed'],
      jurisdictionCode: '83',
    });
    expect(await screen.findByText('Cổng cấp độ dịch')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Tắt: HIS ca mới' }));
    expect(await screen.findByRole('button', { name: 'Bật lại: HIS ca mới' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Gửi sự kiện thử: HIS ca mới' }));
    const log = await screen.findByRole('table', { name: 'Nhật ký gửi' });
    expect(within(log).getByText('Sự kiện thử')).toBeTruthy();
    expect(within(log).getByText('Chờ gửi')).toBeTruthy();
    expect(within(log).getByText(/HTTP 503/u)).toBeTruthy();
    expect(seen.some((r) => r.method === 'POST' && r.url.endsWith('/test'))).toBe(true);
    // A whole page story: on a loaded machine the first render alone has taken 26 s.
  }, 90_000);
});
