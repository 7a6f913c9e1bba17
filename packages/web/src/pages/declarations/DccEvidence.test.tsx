// @vitest-environment jsdom
/**
 * The entry declaration filled from a digital COVID certificate: a certificate signed by a signer
 * of the trust list fills the QR text and "fully vaccinated"; a certificate of an unknown signer
 * is refused with the verifier's reason and fills nothing.
 */
import { SHIPPED_QUESTIONNAIRES } from '@epilink/core';
import {
  buildVaccinationCertificate,
  createSignerCertificate,
  generateSignerKeyPair,
  issueHc1,
  kidOf,
  makeUvci,
} from '@epilink/dcc';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';

const DAY = 86_400_000;

async function signer(commonName: string) {
  const keys = await generateSignerKeyPair();
  const certificateDer = await createSignerCertificate({
    subject: { country: 'VN', commonName },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date(Date.now() - 30 * DAY),
    notAfter: new Date(Date.now() + 300 * DAY),
  });
  return { keys, certificateDer };
}

async function certificate(s: Awaited<ReturnType<typeof signer>>) {
  return issueHc1({
    hcert: buildVaccinationCertificate(
      { familyName: 'Trần', givenName: 'Nhập Cảnh', dateOfBirth: '1990-05-01' },
      {
        product: 'EU/1/20/1528',
        doseNumber: 2,
        totalDoses: 2,
        date: '2021-10-20',
        issuerName: 'Bộ Y tế',
        uvci: makeUvci(`E2E/ENTRY/${String(Math.floor(Math.random() * 1e9))}`),
      },
    ),
    issuer: 'VN',
    issuedAt: new Date(Date.now() - 60_000),
    expiresAt: new Date(Date.now() + 100 * DAY),
    signer: { privateKey: s.keys.privateKey, certificateDer: s.certificateDer },
  });
}

describe('the entry declaration from a digital COVID certificate', () => {
  let trusted: Awaited<ReturnType<typeof signer>>;
  let unknown: Awaited<ReturnType<typeof signer>>;
  beforeAll(async () => {
    trusted = await signer('DSC trusted');
    unknown = await signer('DSC unknown');
  });
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
    const kid = Buffer.from(await kidOf(trusted.certificateDer)).toString('base64');
    stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
      'GET /api/declarations/questionnaires': () => ({
        body: {
          items: [
            {
              id: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
              kind: 'entry',
              url: SHIPPED_QUESTIONNAIRES.entry.url,
              version: SHIPPED_QUESTIONNAIRES.entry.version,
              effectiveFrom: '2021-01-01',
              resource: SHIPPED_QUESTIONNAIRES.entry,
            },
          ],
        },
      }),
      'GET /api/map/boundaries': () => ({ body: { features: [] } }),
      'GET /api/certificates/trust-list': () => ({
        body: {
          signers: [
            { kid, country: 'VN', certificate: Buffer.from(trusted.certificateDer).toString('base64') },
          ],
          revokedUciHashes: [],
        },
      }),
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  async function paste(hc1: string) {
    fireEvent.click(
      await screen.findByRole('button', { name: 'Quét mã QR chứng nhận' }, { timeout: 30_000 }),
    );
    fireEvent.change(screen.getByLabelText('Hoặc dán nội dung mã'), { target: { value: hc1 } });
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
  }

  it('fills the QR text and the vaccination status from a valid certificate', async () => {
    const hc1 = await certificate(trusted);
    renderApp('/declare/entry');
    await paste(hc1);
    await screen.findByText(/^Chứng nhận hợp lệ của Trần Nhập Cảnh/u, {}, { timeout: 15_000 });
    const vaccination = screen.getByRole('group', { name: /^Tình trạng tiêm vắc xin/u });
    expect(within(vaccination).getByLabelText<HTMLInputElement>('Đã tiêm đủ liều').checked).toBe(true);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Mã QR chứng nhận (EU DCC, HC1:…) nếu có').value).toBe(
      hc1,
    );
  });

  it('refuses a certificate of a signer not in the trust list and fills nothing', async () => {
    renderApp('/declare/entry');
    await paste(await certificate(unknown));
    const alert = await screen.findByText(/.+/u, { selector: '.notice--error' }, { timeout: 15_000 });
    expect(alert.textContent).not.toBe('');
    expect(alert.textContent).not.toMatch(/^vaccination\./u);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Mã QR chứng nhận (EU DCC, HC1:…) nếu có').value).toBe(
      '',
    );
  });
});
