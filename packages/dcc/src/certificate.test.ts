import { describe, expect, it } from 'vitest';
import { allowedTypes, checkKeyUsage, kidOf, parseSignerCertificate } from './certificate.ts';
import { createSignerCertificate, generateSignerKeyPair } from './signer-certificate.ts';

const validity = { notBefore: new Date('2021-01-01T00:00:00Z'), notAfter: new Date('2022-01-01T00:00:00Z') };

describe('signer certificates', () => {
  it('creates a self-signed certificate that parses back with its key usage', async () => {
    const keys = await generateSignerKeyPair();
    const der = await createSignerCertificate({
      subject: { country: 'VN', commonName: 'DSC' },
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      types: ['v'],
      ...validity,
    });
    const cert = parseSignerCertificate(der);
    expect(cert.keyType).toBe('EC-P256');
    expect(cert.notBefore).toEqual(validity.notBefore);
    expect(cert.notAfter).toEqual(validity.notAfter);
    expect(allowedTypes(cert)).toEqual(['v']);
    expect((await kidOf(der)).length).toBe(8);
  });

  it('creates a certificate signed by a CSCA key', async () => {
    const csca = await generateSignerKeyPair();
    const keys = await generateSignerKeyPair();
    const der = await createSignerCertificate({
      subject: { country: 'VN', organization: 'Province', commonName: 'DSC 1' },
      issuer: { name: { country: 'VN', commonName: 'CSCA VN' }, privateKey: csca.privateKey },
      publicKey: keys.publicKey,
      ...validity,
    });
    expect(allowedTypes(parseSignerCertificate(der))).toEqual(['v', 't', 'r']);
  });

  it('needs a signing key', async () => {
    const keys = await generateSignerKeyPair();
    await expect(
      createSignerCertificate({
        subject: { country: 'VN', commonName: 'x' },
        publicKey: keys.publicKey,
        ...validity,
      }),
    ).rejects.toThrow(/selfSigningKey/);
  });
});

describe('checkKeyUsage', () => {
  const v = { v: [{}] };
  it('allows every type when the signer has no DCC OID', () => {
    expect(checkKeyUsage({ extendedKeyUsages: [] }, v)).toBe(true);
    expect(checkKeyUsage({ extendedKeyUsages: ['1.3.6.1.5.5.7.3.3'] }, { t: [{}] })).toBe(true);
  });
  it('restricts to the listed types, either OID variant', () => {
    expect(checkKeyUsage({ extendedKeyUsages: ['1.3.6.1.4.1.1847.2021.1.2'] }, v)).toBe(true);
    expect(checkKeyUsage({ extendedKeyUsages: ['1.3.6.1.4.1.0.1847.2021.1.2'] }, v)).toBe(true);
    expect(checkKeyUsage({ extendedKeyUsages: ['1.3.6.1.4.1.1847.2021.1.1'] }, v)).toBe(false);
    expect(checkKeyUsage({ extendedKeyUsages: ['1.3.6.1.4.1.0.1847.2021.1.3'] }, { r: [{}] })).toBe(true);
  });
  it('fails for a payload with no or several kinds', () => {
    expect(checkKeyUsage({ extendedKeyUsages: [] }, {})).toBe(false);
    expect(checkKeyUsage({ extendedKeyUsages: [] }, { v: [], t: [] })).toBe(false);
  });
});
