import { beforeAll, describe, expect, it } from 'vitest';
import { isStatusQr, signStatusQr, statusKeyId, verifyStatusQr, webCryptoSigner } from './statusQr.ts';
import type { StatusQrPrivateKey, StatusQrPublicKey } from './statusQr.ts';

const NOW = new Date('2026-12-03T08:00:00Z');
const EXP = Math.floor(NOW.getTime() / 1000) + 600;

async function keyPair(): Promise<{ published: StatusQrPublicKey; privateKey: StatusQrPrivateKey }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return {
    published: { kid: await statusKeyId(spki), publicKey: Buffer.from(spki).toString('base64') },
    privateKey: pair.privateKey,
  };
}

describe('status QR: signed ES256, checked with the published key only', () => {
  let ours: Awaited<ReturnType<typeof keyPair>>;
  let other: Awaited<ReturnType<typeof keyPair>>;
  let qr = '';
  beforeAll(async () => {
    [ours, other] = await Promise.all([keyPair(), keyPair()]);
    qr = await signStatusQr(
      { colour: 'green', initials: 'L.T.Á.', expiresAt: EXP },
      ours.published.kid,
      webCryptoSigner(ours.privateKey),
    );
  });

  it('a fresh QR shows colour, initials and expiry — and nothing else is in it', async () => {
    expect(isStatusQr(qr)).toBe(true);
    expect(isStatusQr('HC1:6BF...')).toBe(false);
    expect(await verifyStatusQr(qr, [ours.published], NOW)).toEqual({
      valid: true,
      kid: ours.published.kid,
      colour: 'green',
      initials: 'L.T.Á.',
      expiresAt: EXP,
    });
    const body = qr.split('.')[1]!;
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))).toEqual(['green', 'L.T.Á.', EXP]);
  });

  it('refuses it after its expiry', async () => {
    expect(await verifyStatusQr(qr, [ours.published], new Date((EXP + 1) * 1000))).toEqual({
      valid: false,
      reason: 'expired',
    });
  });

  it('refuses a tampered colour or expiry (the signature no longer holds)', async () => {
    const [head, , sig] = qr.split('.');
    for (const claims of [
      ['red', 'L.T.Á.', EXP],
      ['green', 'L.T.Á.', EXP + 86_400],
      ['green', 'N.V.A.', EXP],
    ]) {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      expect(await verifyStatusQr(`${head}.${body}.${sig}`, [ours.published], NOW)).toEqual({
        valid: false,
        reason: 'invalid',
      });
    }
    const flipped = `${qr.slice(0, -2)}${qr.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifyStatusQr(flipped, [ours.published], NOW)).toMatchObject({ valid: false });
  });

  it('refuses a forgery: signed by another key under our key id, or by a key not published', async () => {
    const forged = await signStatusQr(
      { colour: 'green', initials: 'L.T.Á.', expiresAt: EXP },
      ours.published.kid,
      webCryptoSigner(other.privateKey),
    );
    expect(await verifyStatusQr(forged, [ours.published], NOW)).toEqual({ valid: false, reason: 'invalid' });
    const unknown = await signStatusQr(
      { colour: 'green', initials: 'L.T.Á.', expiresAt: EXP },
      other.published.kid,
      webCryptoSigner(other.privateKey),
    );
    expect(await verifyStatusQr(unknown, [ours.published], NOW)).toEqual({
      valid: false,
      reason: 'unknownKey',
    });
    expect(await verifyStatusQr(unknown, [ours.published, other.published], NOW)).toMatchObject({
      valid: true,
    });
  });

  it('refuses malformed text without throwing', async () => {
    for (const text of [
      '',
      'EPS1:',
      'EPS1:a.b',
      'EPS1:a.b.c.d',
      `EPS1:${ours.published.kid}.!!.xx`,
      'x'.repeat(500),
    ])
      expect(await verifyStatusQr(text, [ours.published], NOW)).toMatchObject({ valid: false });
  });
});
