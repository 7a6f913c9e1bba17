/**
 * Issue → verify with a fresh key, and an independent decode of an issued code with
 * general-purpose tools (node:zlib, the `cbor` package, node:crypto), not this package's decoders.
 */
import { X509Certificate, createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { Tagged, decodeFirstSync, encode as cborEncode } from 'cbor';
import { beforeAll, describe, expect, it } from 'vitest';
import { base45Decode } from '../src/base45.ts';
import { toBase64 } from '../src/bytes.ts';
import {
  buildRecoveryCertificate,
  buildTestCertificate,
  buildVaccinationCertificate,
  makeUvci,
} from '../src/hcert.ts';
import type { HealthCertificate } from '../src/hcert.ts';
import { issueHc1 } from '../src/issue.ts';
import { createSignerCertificate, generateSignerKeyPair } from '../src/signer-certificate.ts';
import { trustListEntry } from '../src/trust-list.ts';
import type { TrustList } from '../src/trust-list.ts';
import { verifyHc1 } from '../src/verify.ts';

const holder = { familyName: 'Nguyễn', givenName: 'Văn Đức', dateOfBirth: '1985-03-14' };
const issuerName = 'Sở Y tế tỉnh (Provincial Department of Health)';
const issuedAt = new Date('2021-10-01T08:00:00Z');
const expiresAt = new Date('2022-10-01T08:00:00Z');
const now = new Date('2021-10-02T00:00:00Z');

let signer: { privateKey: CryptoKey; certificateDer: Uint8Array };
let trustList: TrustList;

beforeAll(async () => {
  const keys = await generateSignerKeyPair();
  const certificateDer = await createSignerCertificate({
    subject: { country: 'VN', organization: 'EpiLink test', commonName: 'DSC VN test' },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2023-01-01T00:00:00Z'),
    types: ['v', 't', 'r'],
  });
  signer = { privateKey: keys.privateKey, certificateDer };
  trustList = [await trustListEntry(certificateDer, 'VN')];
});

const vaccination = (): HealthCertificate =>
  buildVaccinationCertificate(holder, {
    product: 'EU/1/20/1528',
    doseNumber: 2,
    totalDoses: 2,
    date: '2021-09-15',
    issuerName,
    uvci: makeUvci('EPILINK/2021/000123'),
  });

describe('issue then verify', () => {
  it('verifies a vaccination certificate and shows the holder and product', async () => {
    const qr = await issueHc1({ hcert: vaccination(), issuer: 'VN', issuedAt, expiresAt, signer });
    expect(qr.startsWith('HC1:')).toBe(true);
    const result = await verifyHc1(qr, { trustList, now });
    expect(result).toMatchObject({
      valid: true,
      reasonKey: 'dcc.valid',
      issuer: 'VN',
      kid: trustList[0]?.kid,
    });
    expect(result.certificate?.holder).toEqual({
      familyName: 'Nguyễn',
      givenName: 'Văn Đức',
      familyNameT: 'NGUYEN',
      givenNameT: 'VAN<DUC',
      dateOfBirth: '1985-03-14',
    });
    expect(result.certificate?.type).toBe('v');
    expect(result.certificate?.details).toMatchObject({
      vaccineProduct: 'Comirnaty',
      doseNumber: 2,
      totalDoses: 2,
    });
  });

  it('verifies test and recovery certificates', async () => {
    const test = buildTestCertificate(holder, {
      type: 'rapidAntigen',
      result: 'notDetected',
      sampledAt: new Date('2021-10-01T07:00:00Z'),
      deviceId: '1232',
      centre: 'Trạm y tế phường 1',
      issuerName,
      uvci: makeUvci('EPILINK/T/1'),
    });
    const recovery = buildRecoveryCertificate(holder, {
      firstPositive: '2021-08-01',
      validFrom: '2021-08-12',
      validUntil: '2022-01-28',
      issuerName,
      uvci: makeUvci('EPILINK/R/1'),
    });
    for (const hcert of [test, recovery]) {
      const result = await verifyHc1(await issueHc1({ hcert, issuer: 'VN', issuedAt, expiresAt, signer }), {
        trustList,
        now,
      });
      expect(result.valid, JSON.stringify(result)).toBe(true);
    }
  });

  it('reports the failing step', async () => {
    const qr = await issueHc1({ hcert: vaccination(), issuer: 'VN', issuedAt, expiresAt, signer });
    expect((await verifyHc1(qr, { trustList: [], now })).failedStep).toBe('kid');
    expect((await verifyHc1(qr, { trustList, now: new Date('2023-01-01T00:00:00Z') })).failedStep).toBe(
      'expired',
    );
    expect((await verifyHc1(qr, { trustList, now: new Date('2021-09-01T00:00:00Z') })).failedStep).toBe(
      'notYetValid',
    );
    expect((await verifyHc1(qr.replace('HC1:', 'HC2:'), { trustList, now })).failedStep).toBe('prefix');
    expect((await verifyHc1('HC1:::', { trustList, now })).failedStep).toBe('base45');
    const revoked = await verifyHc1(qr, {
      trustList,
      now,
      isRevoked: (info) => info.uvci.startsWith('URN:UVCI:01:VN:'),
    });
    expect(revoked).toMatchObject({ valid: false, failedStep: 'revoked', reasonKey: 'dcc.invalid.revoked' });

    const otherKeys = await generateSignerKeyPair();
    const testOnly = await createSignerCertificate({
      subject: { country: 'VN', commonName: 'DSC test only' },
      publicKey: otherKeys.publicKey,
      selfSigningKey: otherKeys.privateKey,
      notBefore: new Date('2021-01-01T00:00:00Z'),
      notAfter: new Date('2023-01-01T00:00:00Z'),
      types: ['t'],
    });
    const qrTestSigner = await issueHc1({
      hcert: vaccination(),
      issuer: 'VN',
      issuedAt,
      expiresAt,
      signer: { privateKey: otherKeys.privateKey, certificateDer: testOnly },
    });
    const usage = await verifyHc1(qrTestSigner, { trustList: [await trustListEntry(testOnly)], now });
    expect(usage.failedStep).toBe('keyUsage');
    // Same kid in the trust list, but another key: the signature step fails.
    const forged = [{ ...trustList[0]!, kid: (await trustListEntry(testOnly)).kid }];
    expect((await verifyHc1(qrTestSigner, { trustList: forged, now })).failedStep).toBe('signature');
  });

  it('refuses to issue a payload that does not match the schema', async () => {
    const bad = { ...vaccination(), dob: '31/12/1985' };
    await expect(issueHc1({ hcert: bad, issuer: 'VN', issuedAt, expiresAt, signer })).rejects.toThrow(
      /schema/,
    );
  });
});

describe('independent decode of an issued code', () => {
  it('decodes with node:zlib + the cbor package and verifies with node:crypto', async () => {
    const hcert = vaccination();
    const qr = await issueHc1({ hcert, issuer: 'VN', issuedAt, expiresAt, signer });
    // Base45 has no general-purpose package in use here; RFC 9285 vectors test ours separately.
    const cose: unknown = decodeFirstSync(inflateSync(base45Decode(qr.slice(4))));
    expect(cose).toBeInstanceOf(Tagged);
    const tagged = cose as Tagged;
    expect(tagged.tag).toBe(18);
    const [protectedBytes, unprotected, payload, signature] = tagged.value as [
      Buffer,
      unknown,
      Buffer,
      Buffer,
    ];
    const header = decodeFirstSync(protectedBytes) as Map<number, unknown>;
    expect(header.get(1)).toBe(-7);
    const certDer = Buffer.from(signer.certificateDer);
    const expectedKid = createHash('sha256').update(certDer).digest().subarray(0, 8);
    expect(Buffer.from(header.get(4) as Buffer).equals(expectedKid)).toBe(true);
    // The `cbor` package decodes an empty map as {}.
    expect(unprotected instanceof Map ? unprotected.size : Object.keys(unprotected as object).length).toBe(0);

    const claims = decodeFirstSync(payload) as Map<number, unknown>;
    expect(claims.get(1)).toBe('VN');
    expect(claims.get(6)).toBe(issuedAt.getTime() / 1000);
    expect(claims.get(4)).toBe(expiresAt.getTime() / 1000);
    const hcertClaim = claims.get(-260) as Map<number, unknown>;
    expect(hcertClaim.get(1)).toEqual(hcert);

    const x509 = new X509Certificate(certDer);
    expect(x509.subject).toContain('CN=DSC VN test');
    expect(x509.verify(x509.publicKey)).toBe(true);
    const toBeSigned = cborEncode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
    const ok = nodeVerify(
      'sha256',
      toBeSigned,
      {
        key: createPublicKey(x509.publicKey.export({ type: 'spki', format: 'pem' })),
        dsaEncoding: 'ieee-p1363',
      },
      signature,
    );
    expect(ok).toBe(true);
    expect(toBase64(expectedKid)).toBe(trustList[0]?.kid);
  });
});

describe('a signer certificate whatever its random serial number', () => {
  it('is valid DER when the serial starts with a zero byte (no redundant leading zero)', async () => {
    const keys = await generateSignerKeyPair();
    // 0x80 loses its top bit (serials are positive) and leaves 0x00 before 0x12: DER's integer is
    // then 0x12…, one byte shorter. OpenSSL refused the longer, non-minimal encoding.
    for (const first of [0x00, 0x80]) {
      const serialNumber = new Uint8Array(16).fill(0x34);
      serialNumber[0] = first;
      serialNumber[1] = 0x12;
      const der = await createSignerCertificate({
        subject: { country: 'VN', organization: 'EpiLink test', commonName: 'DSC VN serial' },
        publicKey: keys.publicKey,
        selfSigningKey: keys.privateKey,
        notBefore: new Date('2021-01-01T00:00:00Z'),
        notAfter: new Date('2023-01-01T00:00:00Z'),
        serialNumber,
      });
      const x509 = new X509Certificate(Buffer.from(der));
      expect(x509.serialNumber).toBe(`12${'34'.repeat(14)}`);
      expect(x509.verify(x509.publicKey)).toBe(true);
    }
  });
});
