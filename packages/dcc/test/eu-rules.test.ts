/**
 * The EU rules a verifier and an issuer must apply beyond the signature (issue #10 items 13-16),
 * each told as a dated story with a real signer key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { base45Encode } from '../src/base45.ts';
import { kidOf } from '../src/certificate.ts';
import { signCose } from '../src/cose.ts';
import { checkExpiry, encodeCwt } from '../src/cwt.ts';
import {
  buildRecoveryCertificate,
  buildTestCertificate,
  buildVaccinationCertificate,
  doseEncoding,
  makeUvci,
} from '../src/hcert.ts';
import type { HealthCertificate } from '../src/hcert.ts';
import { IssueError, issueHc1 } from '../src/issue.ts';
import { checkContent } from '../src/rules.ts';
import { createSignerCertificate, generateSignerKeyPair } from '../src/signer-certificate.ts';
import { trustListEntry } from '../src/trust-list.ts';
import { compress, prefix } from '../src/transport.ts';
import { verifyHc1 } from '../src/verify.ts';

const holder = { familyName: 'Trần', givenName: 'Thị Lan', dateOfBirth: '1979-11-02' };
const issuerName = 'Sở Y tế tỉnh Bến Tre';
const day = 86_400_000;

async function signerValid(notBefore: string, notAfter: string) {
  const keys = await generateSignerKeyPair();
  const certificateDer = await createSignerCertificate({
    subject: { country: 'VN', commonName: `DSC ${notBefore}` },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    types: ['v', 't', 'r'],
  });
  return {
    signer: { privateKey: keys.privateKey, certificateDer },
    trustList: [await trustListEntry(certificateDer, 'VN')],
  };
}

const vaccination = (): HealthCertificate =>
  buildVaccinationCertificate(holder, {
    product: 'EU/1/20/1528',
    doseNumber: 2,
    totalDoses: 2,
    date: '2021-09-20',
    issuerName,
    uvci: makeUvci('EPILINK/RULES/1'),
  });

let signer2021: Awaited<ReturnType<typeof signerValid>>;
beforeAll(async () => {
  signer2021 = await signerValid('2021-06-01T00:00:00Z', '2022-06-01T00:00:00Z');
});

describe('#10.13 the signer certificate must be valid when it signed', () => {
  it('a certificate dated 390 days after its signer expired is refused (library), one dated inside is accepted', async () => {
    // A signer valid June 2020 - June 2021; someone still holding its key signs on 25/06/2022.
    const expired = await signerValid('2020-06-01T00:00:00Z', '2021-06-01T00:00:00Z');
    const issuedAt = new Date(new Date('2021-06-01T00:00:00Z').getTime() + 390 * day);
    const hc1 = await forge(expired.signer, vaccination(), issuedAt);
    const result = await verifyHc1(hc1, { trustList: expired.trustList, now: issuedAt });
    expect(result).toMatchObject({
      valid: false,
      failedStep: 'signerValidity',
      reasonKey: 'dcc.invalid.signerValidity',
    });
    // The same signer's certificate of 15/05/2021 (inside its validity) still verifies in 06/2021.
    const inside = await issueHc1({
      hcert: vaccination(),
      issuer: 'VN',
      issuedAt: new Date('2021-05-15T00:00:00Z'),
      expiresAt: new Date('2022-05-15T00:00:00Z'),
      signer: expired.signer,
    });
    const ok = await verifyHc1(inside, {
      trustList: expired.trustList,
      now: new Date('2021-06-20T00:00:00Z'),
    });
    expect(ok.valid, JSON.stringify(ok)).toBe(true);
  });

  it('issuing refuses a signer that is not valid at the issue time', async () => {
    await expect(
      issueHc1({
        hcert: vaccination(),
        issuer: 'VN',
        issuedAt: new Date('2022-07-01T00:00:00Z'),
        expiresAt: new Date('2023-07-01T00:00:00Z'),
        signer: signer2021.signer,
      }),
    ).rejects.toMatchObject({ name: 'IssueError', problem: 'signerExpired' });
  });
});

/** Signs with the library's own pipeline but bypasses issueHc1's signer check (an attacker's tool). */
async function forge(
  signer: { privateKey: CryptoKey; certificateDer: Uint8Array },
  hcert: HealthCertificate,
  issuedAt: Date,
): Promise<string> {
  const payload = encodeCwt({
    issuer: 'VN',
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + 365 * day),
    hcert: hcert as never,
  });
  const cose = await signCose({
    payload,
    kid: await kidOf(signer.certificateDer),
    alg: 'ES256',
    privateKey: signer.privateKey,
  });
  return prefix(base45Encode(compress(cose)));
}

describe('#10.16 a certificate is valid at exactly its exp second', () => {
  it('valid at exp (and within that second), expired one second later', async () => {
    const issuedAt = new Date('2021-10-01T08:00:00Z');
    const expiresAt = new Date('2022-04-01T08:00:00Z');
    const qr = await issueHc1({
      hcert: vaccination(),
      issuer: 'VN',
      issuedAt,
      expiresAt,
      signer: signer2021.signer,
    });
    const at = async (ms: number) => verifyHc1(qr, { trustList: signer2021.trustList, now: new Date(ms) });
    expect((await at(expiresAt.getTime())).valid).toBe(true);
    expect((await at(expiresAt.getTime() + 999)).valid).toBe(true);
    expect((await at(expiresAt.getTime() + 1000)).failedStep).toBe('expired');
    expect(checkExpiry({ issuedAt, expiresAt }, expiresAt)).toEqual({ ok: true });
  });
});

describe('#10.14 dose numbers as the EU encodes them', () => {
  it.each([
    [1, 2, '1/2'],
    [2, 2, '2/2'],
    [3, 2, '3/3'],
    [4, 2, '4/4'],
    [1, 1, '1/1'],
    [2, 1, '2/1'],
    [3, 1, '3/1'],
    [3, 3, '3/3'],
    [4, 3, '4/4'],
  ])('dose %i after a %i-dose primary series is %s', (dose, primary, expected) => {
    const { dn, sd } = doseEncoding(dose, primary);
    expect(`${dn}/${sd}`).toBe(expected);
  });
});

describe('#10.15 test and recovery entries (issued 10/2021, verified 10/2021)', () => {
  const issuedAt = new Date('2021-10-05T09:00:00Z');
  const expiresAt = new Date('2021-10-08T09:00:00Z');
  const test = (sampledAt: string, result: 'notDetected' | 'detected') =>
    buildTestCertificate(holder, {
      type: 'naat',
      result,
      sampledAt: new Date(sampledAt),
      testName: 'RT-PCR',
      issuerName,
      uvci: makeUvci('EPILINK/T/RULES'),
    });
  const recovery = (fr: string, df: string, du: string) =>
    buildRecoveryCertificate(holder, {
      firstPositive: fr,
      validFrom: df,
      validUntil: du,
      issuerName,
      uvci: makeUvci('EPILINK/R/RULES'),
    });
  const issue = (hcert: HealthCertificate) =>
    issueHc1({ hcert, issuer: 'VN', issuedAt, expiresAt, signer: signer2021.signer });

  it('a negative PCR sampled the morning before issue is issued and verifies', async () => {
    const qr = await issue(test('2021-10-05T02:30:00Z', 'notDetected'));
    const r = await verifyHc1(qr, { trustList: signer2021.trustList, now: new Date('2021-10-06T00:00:00Z') });
    expect(r.valid, JSON.stringify(r)).toBe(true);
  });

  it('issuing refuses a sample time after the issue time, and a "detected" result', async () => {
    await expect(issue(test('2021-10-06T02:30:00Z', 'notDetected'))).rejects.toMatchObject({
      problem: 'sampleTime',
    });
    await expect(issue(test('2021-10-05T02:30:00Z', 'detected'))).rejects.toBeInstanceOf(IssueError);
    await expect(issue(test('2021-10-05T02:30:00Z', 'detected'))).rejects.toMatchObject({
      problem: 'testResult',
    });
  });

  it('verifying refuses a sample time in the future and a positive test certificate signed elsewhere', async () => {
    const future = await forge(signer2021.signer, test('2021-10-09T00:00:00Z', 'notDetected'), issuedAt);
    const r1 = await verifyHc1(future, {
      trustList: signer2021.trustList,
      now: new Date('2021-10-06T00:00:00Z'),
    });
    expect(r1).toMatchObject({ valid: false, failedStep: 'sampleTime' });
    const positive = await forge(signer2021.signer, test('2021-10-05T02:30:00Z', 'detected'), issuedAt);
    const r2 = await verifyHc1(positive, {
      trustList: signer2021.trustList,
      now: new Date('2021-10-06T00:00:00Z'),
    });
    expect(r2).toMatchObject({ valid: false, failedStep: 'testResult' });
  });

  it('recovery: df before fr, du before df, or du beyond 180 days after fr are refused at issue and at verification', async () => {
    expect(checkContent(recovery('2021-08-01', '2021-08-12', '2022-01-28'), issuedAt)).toBeUndefined();
    // 180 days after 01/08/2021 is 28/01/2022: the last day allowed.
    expect(checkContent(recovery('2021-08-01', '2021-08-12', '2022-01-29'), issuedAt)?.problem).toBe(
      'recoveryPeriod',
    );
    for (const bad of [
      recovery('2021-08-01', '2021-07-30', '2022-01-20'),
      recovery('2021-08-01', '2021-09-12', '2021-09-01'),
      recovery('2021-08-01', '2021-08-12', '2022-03-01'),
    ]) {
      await expect(issue(bad)).rejects.toMatchObject({ problem: 'recoveryPeriod' });
      const forged = await forge(signer2021.signer, bad, issuedAt);
      const r = await verifyHc1(forged, {
        trustList: signer2021.trustList,
        now: new Date('2021-10-06T00:00:00Z'),
      });
      expect(r).toMatchObject({ valid: false, failedStep: 'recoveryPeriod' });
    }
  });
});
