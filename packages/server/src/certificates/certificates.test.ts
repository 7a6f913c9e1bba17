/**
 * The EU rules on the server, against a real database (PGlite and PostgreSQL): a foreign signer
 * is imported and published with its dates and a certificate it signed after it expired is refused
 * by the public API (#10.13); a Janssen primary dose followed by a booster is encoded 2/1 with an
 * allowed vector-vaccine `vp` (#10.14); free-entry test and recovery data that break the content
 * rules are refused with the field named and nothing stored (#10.15).
 */
import {
  base45Encode,
  buildVaccinationCertificate,
  compress,
  createSignerCertificate,
  encodeCwt,
  generateSignerKeyPair,
  kidOf,
  makeUvci,
  prefix,
  signCose,
} from '@epilink/dcc';
import type { HealthCertificate, JsonValue } from '@epilink/dcc';
import { base45Decode, decodeCose, decodeCwt, decompress, unprefix } from '@epilink/dcc';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dccForeignSigners, issuedCertificates } from '../db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { CLEAR_SCREENING, siteWithLot } from '../vaccination/test-fixtures.ts';
import { invalidateCaches } from './keys.ts';

const DAY = 86_400_000;
let t: TestApp;
let admin: Record<string, string>;
let district: Record<string, string>;
let vaccinator: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  admin = (await signInAs(t, 'province_admin', '83')).headers;
  district = (await signInAs(t, 'district_officer', '829')).headers;
  vaccinator = (await signInAs(t, 'vaccinator', '83')).headers;
});
afterAll(async () => {
  await t?.close();
});

function hcertOf(qr: string): HealthCertificate {
  return decodeCwt(decodeCose(decompress(base45Decode(unprefix(qr)))).payload)
    .hcert as unknown as HealthCertificate;
}

/** What a holder of a signer key can make with any tool: a signed HC1 at any dates. */
async function signAt(
  signer: { privateKey: CryptoKey; certificateDer: Uint8Array },
  issuedAt: Date,
  expiresAt: Date,
): Promise<string> {
  const hcert = buildVaccinationCertificate(
    { familyName: 'Müller', givenName: 'Jürgen', dateOfBirth: '1970-01-01' },
    {
      product: 'EU/1/20/1528',
      doseNumber: 2,
      totalDoses: 2,
      date: '2021-05-01',
      issuerName: 'Robert Koch-Institut',
      uvci: makeUvci('FOREIGN/1', 'DE'),
      country: 'DE',
    },
  );
  const cose = await signCose({
    payload: encodeCwt({ issuer: 'DE', issuedAt, expiresAt, hcert: hcert as unknown as JsonValue }),
    kid: await kidOf(signer.certificateDer),
    alg: 'ES256',
    privateKey: signer.privateKey,
  });
  return prefix(base45Encode(compress(cose)));
}

/** An administrator imports a foreign signer certificate through the API. */
function importForeignSigner(certificateDer: Uint8Array, country: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/certificates/foreign-signers',
    headers: admin,
    payload: { certificate: Buffer.from(certificateDer).toString('base64'), country },
  });
}

describe('#10.13 a foreign signer is published with its dates and checked at the issue time', () => {
  it('refuses a certificate signed 390 days after the signer expired, accepts one signed while valid', async () => {
    const now = Date.now();
    const notAfter = new Date(now - 391 * DAY);
    const notBefore = new Date(notAfter.getTime() - 365 * DAY);
    const keys = await generateSignerKeyPair();
    const certificateDer = await createSignerCertificate({
      subject: { country: 'DE', commonName: 'DSC DE expired' },
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      notBefore,
      notAfter,
      types: ['v'],
    });
    const imported = await importForeignSigner(certificateDer, 'DE');
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({
      notBefore: notBefore.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      notAfter: notAfter.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    });
    const kid = imported.json<{ kid: string }>().kid;
    const trust = (await t.app.inject({ url: '/api/certificates/trust-list' })).json<{
      signers: { kid: string; source: string; notBefore: string; notAfter: string }[];
    }>();
    const published = trust.signers.find((s) => s.kid === kid);
    expect(published).toMatchObject({ source: 'foreign' });
    expect(Date.parse(published!.notAfter)).toBe(Math.floor(notAfter.getTime() / 1000) * 1000);
    expect(Date.parse(published!.notBefore)).toBe(Math.floor(notBefore.getTime() / 1000) * 1000);
    for (const s of trust.signers) expect(Date.parse(s.notAfter)).toBeGreaterThan(Date.parse(s.notBefore));

    const signer = { privateKey: keys.privateKey, certificateDer };
    const late = await signAt(signer, new Date(now - DAY), new Date(now + 300 * DAY));
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      headers: { 'accept-language': 'en' },
      payload: { qr: late },
    });
    expect(refused.json()).toMatchObject({
      valid: false,
      failedStep: 'signerValidity',
      reason: "The signer's certificate was not valid on the certificate's issue date",
    });
    const inTime = await signAt(signer, new Date(notAfter.getTime() - 10 * DAY), new Date(now + 30 * DAY));
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      payload: { qr: inTime },
    });
    expect(accepted.json(), accepted.body).toMatchObject({ valid: true });
  });
});

describe('the public verification answers from the trust state in memory (docs/vaccination.md)', () => {
  it('reads the trust list once per refresh, not once per verification; an import through the API is seen at once', async () => {
    const now = Date.now();
    const keys = await generateSignerKeyPair();
    const certificateDer = await createSignerCertificate({
      subject: { country: 'DE', commonName: 'DSC DE cached' },
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now + 300 * DAY),
      types: ['v'],
    });
    const verify = async (qr: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/certificates/verify', payload: { qr } })).json<{
        valid: boolean;
        failedStep: string | null;
      }>();
    const qr = await signAt(
      { privateKey: keys.privateKey, certificateDer },
      new Date(now - DAY),
      new Date(now + 30 * DAY),
    );
    // Not trusted yet (this also fills the verifier's state).
    expect(await verify(qr)).toMatchObject({ valid: false, failedStep: 'kid' });
    const imported = await importForeignSigner(certificateDer, 'DE');
    expect(imported.statusCode, imported.body).toBe(201);
    // The import refreshed this process's state: trusted on the next request.
    expect(await verify(qr)).toMatchObject({ valid: true });
    // Deactivated behind the API's back (as another process would): this process answers from the
    // state it holds, without a database read, until its refresh (every 30 s, or an invalidation).
    await t.database.db
      .update(dccForeignSigners)
      .set({ active: 'no' })
      .where(eq(dccForeignSigners.kid, imported.json<{ kid: string }>().kid));
    expect(await verify(qr)).toMatchObject({ valid: true });
    invalidateCaches();
    expect(await verify(qr)).toMatchObject({ valid: false, failedStep: 'kid' });
  });
});

describe('#10.14 Janssen in 08/2021, then a Comirnaty booster in 01/2022', () => {
  it('the booster certificate reads 2/1 and the Janssen one carries an allowed vector-vaccine vp', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Lê Văn Tám', dateOfBirth: '1975-04-30' }]);
    const janssen = await siteWithLot(t.database.db, { productCode: 'EU/1/20/1525' });
    const comirnaty = await siteWithLot(t.database.db, { productCode: 'EU/1/20/1528' });
    const dose = (site: { facilityId: string; lotId: string }, productCode: string, date: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vaccination/doses',
        headers: vaccinator,
        payload: { screening: CLEAR_SCREENING, personId: p!.personId, ...site, productCode, date },
      });
    const first = await dose(janssen, 'EU/1/20/1525', '2021-08-02');
    expect(first.statusCode, first.body).toBe(201);
    const list = async () =>
      (await t.app.inject({ url: `/api/persons/${p!.personId}/certificates`, headers: vaccinator })).json<{
        items: { qr: string; superseded: boolean; type: string }[];
      }>().items;
    const primary = hcertOf((await list())[0]!.qr).v![0]!;
    expect(primary).toMatchObject({ mp: 'EU/1/20/1525', dn: 1, sd: 1, vp: '29061000087103' });
    expect(primary.vp).not.toBe('1119305005');

    const booster = await dose(comirnaty, 'EU/1/20/1528', '2022-01-10');
    expect(booster.statusCode, booster.body).toBe(201);
    const current = (await list()).find((c) => c.type === 'v' && !c.superseded)!;
    expect(hcertOf(current.qr).v![0]).toMatchObject({ mp: 'EU/1/20/1528', dn: 2, sd: 1, vp: '1119349007' });
  });
});

describe('#10.15 free-entry test and recovery data are checked when issuing', () => {
  const issue = async (personId: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/persons/${personId}/certificates`,
      headers: district,
      payload,
    });

  it('refuses a future sample time, a positive result and a recovery valid past 180 days; nothing is stored', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Trịnh Thu Hà', dateOfBirth: '1990-01-01' }]);
    const stored = async () =>
      (
        await t.database.db
          .select({ n: count() })
          .from(issuedCertificates)
          .where(eq(issuedCertificates.personId, p!.personId))
      )[0]!.n;
    const test = {
      type: 'tFreeEntry',
      testType: 'naat',
      result: 'notDetected',
      sampledAt: new Date(Date.now() - 6 * 3600_000).toISOString(),
      testName: 'RT-PCR',
      country: 'SG',
      evidence: 'Phiếu kết quả PCR của phòng xét nghiệm Singapore',
    };
    const future = await issue(p!.personId, { ...test, sampledAt: new Date(Date.now() + DAY).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'body.sampledAt' }] },
    });
    const positive = await issue(p!.personId, { ...test, result: 'detected' });
    expect(positive.json()).toMatchObject({ error: { details: [{ path: 'body.result' }] } });
    const recovery = {
      type: 'rFreeEntry',
      firstPositive: '2022-03-01',
      validFrom: '2022-03-12',
      validUntil: '2022-08-28',
      country: 'SG',
      evidence: 'Giấy xác nhận khỏi bệnh, Singapore',
    };
    const tooLong = await issue(p!.personId, { ...recovery, validUntil: '2022-08-29' });
    expect(tooLong.json()).toMatchObject({ error: { details: [{ path: 'body.validUntil' }] } });
    const beforeFirst = await issue(p!.personId, { ...recovery, validFrom: '2022-02-27' });
    expect(beforeFirst.json()).toMatchObject({ error: { details: [{ path: 'body.validFrom' }] } });
    expect(await stored()).toBe(0);

    // The same data inside the rules is issued (the last allowed day: 180 days after 01/03/2022).
    expect((await issue(p!.personId, test)).statusCode).toBe(201);
    expect((await issue(p!.personId, recovery)).statusCode).toBe(201);
    expect(await stored()).toBe(2);
  });
});
