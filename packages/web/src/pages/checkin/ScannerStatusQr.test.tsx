// @vitest-environment jsdom
/**
 * A venue's scanner reads a citizen's status card QR (#17 item 2): it is checked on the device
 * with the status key of the downloaded trust list — colour, initials and validity — and nobody is
 * checked in; an expired or forged QR is refused in words (Vietnamese, then English).
 */
import { signStatusQr, statusKeyId, webCryptoSigner } from '@epilink/core/healthbook/statusQr';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';

let keys: { kid: string; publicKey: string };
let privateKey: CryptoKey;
let forger: CryptoKey;

async function pair() {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
}

beforeAll(async () => {
  const [ours, theirs] = await Promise.all([pair(), pair()]);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', ours.publicKey));
  keys = { kid: await statusKeyId(spki), publicKey: btoa(String.fromCharCode(...spki)) };
  privateKey = ours.privateKey;
  forger = theirs.privateKey;
});

const qr = (expiresInS: number, key = privateKey) =>
  signStatusQr(
    { colour: 'green', initials: 'L.T.Á.', expiresAt: Math.floor(Date.now() / 1000) + expiresInS },
    keys.kid,
    webCryptoSigner(key),
  );

describe('the venue scanner checks a status card QR', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows colour, initials and validity for a fresh QR, refuses expired and forged ones', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'GET /api/certificates/trust-list': () => ({
        body: {
          generatedAt: new Date().toISOString(),
          signers: [],
          revokedUciHashes: [],
          statusKeys: [keys],
          statusColours: [{ colour: 'green', hex: '#2e7d32', label: { vi: 'Xanh', en: 'Green' } }],
        },
      }),
    });
    renderApp('/venues/v-1/scan');
    const paste = async (text: string) => {
      fireEvent.change(await screen.findByLabelText(i18n.t('checkin.scanner.manual')), {
        target: { value: text },
      });
      fireEvent.click(screen.getByRole('button', { name: i18n.t('checkin.scanner.submit') }));
    };

    await paste(await qr(600));
    expect((await screen.findByTestId('status-qr-colour')).textContent).toBe('Xanh');
    expect(screen.getByTestId('status-qr-initials').textContent).toBe('L.T.Á.');
    expect(screen.getByTestId('status-qr-outcome').textContent).toBe('Mã trạng thái hợp lệ');
    expect(seen.some((r) => r.method === 'POST')).toBe(false);

    await paste(await qr(-1));
    expect((await screen.findByRole('alert')).textContent).toMatch(/đã hết hạn/u);

    await paste(await qr(600, forger));
    expect((await screen.findByRole('alert')).textContent).toMatch(/không hợp lệ/u);

    // Offline: the stored list still checks it (and in English).
    await i18n.changeLanguage('en');
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new Error('offline'))),
    );
    await paste(await qr(-1));
    expect((await screen.findByRole('alert')).textContent).toMatch(/has expired/u);
  }, 90_000);
});
