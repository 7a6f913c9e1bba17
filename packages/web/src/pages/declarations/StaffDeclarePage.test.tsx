// @vitest-environment jsdom
/**
 * A commune officer enters a paper declaration at a checkpoint: the person is found in the registry,
 * the same form as the citizen's is filled, and the declaration is sent as paper with the person's
 * record and commune; the triage is shown and the next form starts empty with a new submission id.
 */
import { SHIPPED_QUESTIONNAIRES } from '@epilink/core';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';

const officer = {
  id: 'u-xa',
  username: 'can.bo.xa',
  displayName: 'Cán bộ xã',
  role: 'commune_officer',
  jurisdiction: { code: '28756', name: 'Phường Phú Khương', level: 'commune' },
};

describe('a paper declaration entered by staff', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sends the registry person, their commune and paper=true, then starts a new form', async () => {
    const seen = stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ body: { user: officer, stage: 'active' } }),
      'GET /api/declarations/questionnaires': () => ({
        body: {
          items: [
            {
              id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
              kind: 'health',
              url: SHIPPED_QUESTIONNAIRES.health.url,
              version: SHIPPED_QUESTIONNAIRES.health.version,
              effectiveFrom: '2021-01-01',
              resource: SHIPPED_QUESTIONNAIRES.health,
            },
          ],
        },
      }),
      'GET /api/map/boundaries': () => ({
        body: {
          features: [{ properties: { code: '28756', name: 'Phường Phú Khương', groupName: 'TP Bến Tre' } }],
        },
      }),
      'POST /api/persons/search': () => ({
        body: {
          items: [
            {
              id: 'p-1',
              fullName: 'Huỳnh Văn Giấy',
              dateOfBirth: '1970-01-02',
              sex: 'male',
              commune: { code: '28756', name: 'Phường Phú Khương' },
              district: { code: '829', name: 'TP Bến Tre' },
              idNumberMasked: null,
              phoneMasked: null,
            },
          ],
          nextCursor: null,
        },
      }),
      'POST /api/declarations/staff': (req) => ({
        status: 201,
        body: {
          id: 'd-9',
          submissionId: (req.body as { submissionId: string }).submissionId,
          kind: 'health',
          action: 'isolateAndTest',
          flagged: true,
          reasons: ['caseContact'],
          flagStatus: 'open',
          replayed: false,
          token: 'T',
          suggestedTest: null,
        },
      }),
    });
    renderApp('/declarations/new');
    fireEvent.change(
      await screen.findByLabelText(
        'Tìm người trong sổ (họ tên, CCCD, số điện thoại)',
        {},
        { timeout: 30_000 },
      ),
      { target: { value: 'Huỳnh Văn Giấy' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tìm' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Chọn Huỳnh Văn Giấy' }));
    expect(screen.getByText('Đã chọn: Huỳnh Văn Giấy')).toBeTruthy();
    fireEvent.click(
      within(screen.getByRole('group', { name: /có triệu chứng nào/u })).getByLabelText('Không'),
    );
    fireEvent.click(
      within(screen.getByRole('group', { name: /tiếp xúc gần với người mắc/u })).getByLabelText('Có'),
    );
    for (const q of [/nơi đang có ổ dịch/u, /đi khỏi xã\/phường/u])
      fireEvent.click(within(screen.getByRole('group', { name: q })).getByLabelText('Không'));
    fireEvent.click(screen.getByRole('button', { name: 'Gửi khai báo' }));

    await screen.findByText('Đã lưu khai báo của Huỳnh Văn Giấy.');
    expect(screen.getByTestId('triage-action').textContent).toBe('Cách ly và xét nghiệm');
    const posts = seen.filter((r) => r.method === 'POST' && r.url !== '/api/persons/search');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ personId: 'p-1', communeCode: '28756', paper: true });
    // The next paper form starts over: no person chosen, answers empty.
    expect(screen.queryByText('Đã chọn: Huỳnh Văn Giấy')).toBeNull();
    const contact = within(screen.getByRole('group', { name: /tiếp xúc gần với người mắc/u }));
    expect(contact.getByLabelText<HTMLInputElement>('Có').checked).toBe(false);
  });
});
