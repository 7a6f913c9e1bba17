import { describe, expect, it } from 'vitest';
import { checkExpiry, decodeCwt, encodeCwt, CwtError } from './cwt.ts';
import { encodeCbor } from './cbor.ts';

describe('CWT claims', () => {
  const issuedAt = new Date('2021-06-01T00:00:00Z');
  const expiresAt = new Date('2021-12-01T00:00:00Z');
  const hcert = { ver: '1.3.0', nam: { fnt: 'A' }, dob: '' };

  it('round-trips issuer, times and payload', () => {
    expect(decodeCwt(encodeCwt({ issuer: 'VN', issuedAt, expiresAt, hcert }))).toEqual({
      issuer: 'VN',
      issuedAt,
      expiresAt,
      hcert,
    });
  });
  it('rejects claims without the hcert claim', () => {
    expect(() => decodeCwt(encodeCbor(new Map([[1, 'VN']])))).toThrow(CwtError);
  });
  it('checks iat <= now <= exp (valid at exactly the exp second)', () => {
    const cwt = { issuedAt, expiresAt };
    expect(checkExpiry(cwt, issuedAt)).toEqual({ ok: true });
    expect(checkExpiry(cwt, new Date(issuedAt.getTime() - 1000))).toEqual({
      ok: false,
      reason: 'notYetValid',
    });
    expect(checkExpiry(cwt, expiresAt)).toEqual({ ok: true });
    expect(checkExpiry(cwt, new Date(expiresAt.getTime() + 1000))).toEqual({ ok: false, reason: 'expired' });
    expect(checkExpiry({ issuedAt, expiresAt: undefined }, issuedAt)).toEqual({
      ok: false,
      reason: 'missingExpiry',
    });
  });
});
