// @vitest-environment jsdom
/**
 * The citizen declaration pages in a browser-like DOM: a signed-in citizen declares for a household
 * member in their care (the body names the member's record and carries a fresh submission id), sees
 * the suggested action and the checkpoint QR, and confirms the suggested test in one tap; a server
 * refusal is shown in the catalogue's words and nothing is left waiting.
 */
import { SHIPPED_QUESTIONNAIRES } from '@epilink/core';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch, type Recorded } from '../../test-utils.tsx';
import { queued } from './offline.ts';

const QUESTIONNAIRE_ID = '7b0f3a5e-2c4d-4e8f-9a1b-3c5d7e9f1a2b';
const person = (id: string, relation: 'self' | 'ward', fullName: string) => ({
  id,
  relation,
  fullName,
  dateOfBirth: null,
  sex: null,
  idNumber: null,
  phone: null,
  address: null,
  commune: null,
  district: null,
});

function routes(onSubmit: (req: Recorded) => { status?: number; body?: unknown }) {
  return {
    'GET /api/meta': () => ({ body: demoMeta }),
    'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
    'GET /api/me/persons': () => ({
      body: { items: [person('p-self', 'self', 'Võ Văn Cha'), person('p-ward', 'ward', 'Võ Thị Con')] },
    }),
    'GET /api/declarations/questionnaires': () => ({
      body: {
        items: [
          {
            id: QUESTIONNAIRE_ID,
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
        features: [
          { properties: { code: '28756', name: 'Phường Phú Khương', groupName: 'Thành phố Bến Tre' } },
          { properties: { code: '28777', name: 'Xã Sơn Đông', groupName: 'Thành phố Bến Tre' } },
        ],
      },
    }),
    'POST /api/me/declarations': onSubmit,
  };
}

async function fillHealth() {
  // The commune list arrives after the select is drawn: choose once its option is there.
  const commune = await screen.findByLabelText('Xã/phường nơi ở hiện tại');
  await waitFor(
    () => {
      expect(commune.querySelector('option[value="28777"]')).not.toBeNull();
    },
    { timeout: 10_000 },
  );
  fireEvent.change(commune, { target: { value: '28777' } });
  fireEvent.click(within(screen.getByRole('group', { name: /có triệu chứng nào/u })).getByLabelText('Có'));
  fireEvent.click(within(screen.getByRole('group', { name: /^Các triệu chứng/u })).getByLabelText('Sốt'));
  for (const q of [/tiếp xúc gần với người mắc/u, /nơi đang có ổ dịch/u, /đi khỏi xã\/phường/u])
    fireEvent.click(within(screen.getByRole('group', { name: q })).getByLabelText('Không'));
}

describe('citizen declarations', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  // The first render loads the pages' lazy chunk: a loaded machine needs more than the usual wait.
  it('declares for a household member, shows the triage and QR, and books the suggested test in one tap', async () => {
    const seen = stubFetch({
      ...routes((req) => {
        const body = req.body as { submissionId: string };
        return {
          status: 201,
          body: {
            id: 'd-1',
            submissionId: body.submissionId,
            kind: 'health',
            action: 'test',
            flagged: true,
            reasons: ['symptoms'],
            flagStatus: 'open',
            replayed: false,
            token: 'D1.abc',
            suggestedTest: {
              siteId: 's-1',
              siteName: 'Trạm Y tế Xã Sơn Đông',
              address: null,
              sessionId: null,
              startsAt: null,
              testType: 'rapid_antigen',
              reason: 'symptoms',
            },
          },
        };
      }),
      'GET /api/declarations/qr/D1.abc': () => ({
        body: {
          id: 'd-1',
          kind: 'health',
          day: '2026-12-03',
          action: 'test',
          reasons: ['symptoms'],
          flagStatus: 'open',
          suggestedTest: null,
        },
      }),
      'POST /api/declarations/qr/D1.abc/test': () => ({
        body: {
          registrationId: 'r-1',
          suggestedTest: {
            siteId: 's-1',
            siteName: 'Trạm Y tế Xã Sơn Đông',
            address: null,
            sessionId: null,
            startsAt: null,
            testType: 'rapid_antigen',
            reason: 'symptoms',
          },
        },
      }),
    });
    renderApp('/declare/health?me=1');
    fireEvent.change(await screen.findByLabelText('Khai cho ai', {}, { timeout: 30_000 }), {
      target: { value: 'p-ward' },
    });
    await fillHealth();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi khai báo' }));

    await screen.findByRole('heading', { name: 'Đã nhận khai báo' });
    const posted = seen.find((r) => r.method === 'POST' && r.url === '/api/me/declarations');
    const body = posted?.body as {
      submissionId: string;
      personId: string;
      communeCode: string;
      questionnaireId: string;
    };
    expect(body.personId).toBe('p-ward');
    expect(body.communeCode).toBe('28777');
    expect(body.questionnaireId).toBe(QUESTIONNAIRE_ID);
    expect(body.submissionId).toMatch(/^[0-9a-f-]{36}$/u);
    expect(posted?.headers['X-EpiLink-CSRF']).toBe('1');
    expect(screen.getByText('Võ Thị Con')).toBeTruthy();
    expect(screen.getByTestId('triage-action').textContent).toBe('Xét nghiệm');
    expect(screen.getByText('Có triệu chứng')).toBeTruthy();
    expect(await screen.findByTestId('declaration-qr')).toBeTruthy();
    expect(queued()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận đăng ký xét nghiệm' }));
    await screen.findByText('Đã đăng ký xét nghiệm.');
    expect(
      seen.filter((r) => r.method === 'POST' && r.url === '/api/declarations/qr/D1.abc/test'),
    ).toHaveLength(1);
  });

  it('shows a refusal in the server’s words and keeps nothing waiting', async () => {
    stubFetch(
      routes(() => ({
        status: 422,
        body: { error: { code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ.', details: [] } },
      })),
    );
    renderApp('/declare/health?me=1');
    await screen.findByLabelText('Khai cho ai', {}, { timeout: 30_000 });
    await fillHealth();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi khai báo' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Dữ liệu không hợp lệ.');
    expect(queued()).toEqual([]);
    expect(screen.queryByRole('heading', { name: 'Đã nhận khai báo' })).toBeNull();
  });

  it('asks for the person and the commune before sending when not signed in', async () => {
    const { 'GET /api/me/persons': _signedIn, ...anonymous } = routes(() => ({ status: 500 }));
    const seen = stubFetch(anonymous);
    renderApp('/declare/health');
    fireEvent.click(await screen.findByRole('button', { name: 'Gửi khai báo' }));
    expect((await screen.findAllByText('Vui lòng điền mục này.')).length).toBeGreaterThanOrEqual(3);
    expect(screen.getByLabelText('Họ và tên').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/Vui lòng sửa \d+ chỗ/u);
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
    expect(seen.some((r) => r.url === '/api/me/persons')).toBe(false);
  });
});
