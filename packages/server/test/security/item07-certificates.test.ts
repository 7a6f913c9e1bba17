/**
 * Item 7 — valid EU test and recovery certificates from nothing. A commune officer or a vaccinator
 * typed any test result or recovery dates and got a signed certificate. Now a test certificate
 * comes from a stored negative result, a recovery certificate from a confirmed case, both of the
 * same person and inside the caller's area; free entry (a result from abroad) needs the separate
 * permission `certificate:issue_unverified` (district and province), and each use is audited with
 * its evidence. Stories dated in the 2022 wave (a PCR in 03/2022, a case confirmed 10/03/2022).
 */
import { base45Decode, decodeCose, decodeCwt, decompress, unprefix } from '@epilink/dcc';
import type { HealthCertificate } from '@epilink/dcc';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { cases, issuedCertificates, specimens, testResults } from '../../src/db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

/** The officials' commune (district 829, province 83). */
const HOME = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

let t: TestApp;
let commune: Record<string, string>;
let vaccinator: Record<string, string>;
let district: Record<string, string>;
let personId = '';
let strangerId = '';

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  commune = (await signInAs(t, 'commune_officer', HOME.communeCode)).headers;
  vaccinator = (await signInAs(t, 'vaccinator', HOME.districtCode)).headers;
  district = (await signInAs(t, 'district_officer', HOME.districtCode)).headers;
  const [p, q] = await addPeople(t.database, [
    { fullName: 'Huỳnh Thị Mai', dateOfBirth: '1988-06-06', ...HOME },
    { fullName: 'Châu Văn Lộc', dateOfBirth: '1979-09-09', ...HOME },
  ]);
  personId = p!.personId;
  strangerId = q!.personId;
});
afterAll(async () => {
  await t?.close();
});

/** A result as the testing module stores it: a specimen and its result, at the person's place. */
async function storedResult(who: string, outcome: 'negative' | 'positive', sampledAt: string) {
  const db = t.database.db;
  const [s] = await db
    .insert(specimens)
    .values({
      barcode: `SP${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      personId: who,
      testType: 'rtPcr',
      collectedAt: new Date(sampledAt),
      status: 'resulted',
      ...HOME,
    })
    .returning({ id: specimens.id });
  const [r] = await db
    .insert(testResults)
    .values({
      specimenId: s!.id,
      personId: who,
      testType: 'rtPcr',
      outcome,
      sampledAt: new Date(sampledAt),
      resultedAt: new Date(new Date(sampledAt).getTime() + 8 * 3600_000),
      source: 'entry',
      ...HOME,
    })
    .returning({ id: testResults.id });
  return r!.id;
}

async function storedCase(who: string, classification: 'confirmed' | 'suspected', sampleDate: string) {
  const [c] = await t.database.db
    .insert(cases)
    .values({ personId: who, diseaseCode: 'COVID-19', classification, sampleDate, status: 'closed', ...HOME })
    .returning({ id: cases.id });
  return c!.id;
}

const issue = (headers: Record<string, string>, who: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/persons/${who}/certificates`, headers, payload });

async function certificatesOf(who: string): Promise<number> {
  const [row] = await t.database.db
    .select({ n: count() })
    .from(issuedCertificates)
    .where(eq(issuedCertificates.personId, who));
  return row!.n;
}

function hcertOf(qr: string): HealthCertificate {
  return decodeCwt(decodeCose(decompress(base45Decode(unprefix(qr)))).payload)
    .hcert as unknown as HealthCertificate;
}

const FREE_TEST = {
  type: 'tFreeEntry',
  testType: 'naat',
  result: 'notDetected',
  sampledAt: '2022-03-14T01:00:00Z',
  testName: 'RT-PCR',
  country: 'SG',
  evidence: 'Phiếu kết quả PCR, phòng xét nghiệm Raffles (Singapore)',
};

describe('item 7: test and recovery certificates need a record behind them', () => {
  it('a commune officer and a vaccinator can no longer type a result into a certificate', async () => {
    for (const headers of [commune, vaccinator]) {
      const res = await issue(headers, personId, FREE_TEST);
      expect(res.statusCode).toBe(403);
      const rec = await issue(headers, personId, {
        type: 'rFreeEntry',
        firstPositive: '2022-03-01',
        validFrom: '2022-03-12',
        validUntil: '2022-08-28',
        evidence: 'typed by hand',
      });
      expect(rec.statusCode).toBe(403);
    }
    // The old free-form body is refused too.
    const old = await issue(commune, personId, {
      type: 't',
      testType: 'naat',
      result: 'notDetected',
      sampledAt: '2022-03-14T01:00:00Z',
    });
    expect(old.statusCode).toBe(400);
    expect(await certificatesOf(personId)).toBe(0);
  });

  it('a test certificate comes from the person’s stored negative PCR of 14/03/2022', async () => {
    const negative = await storedResult(personId, 'negative', '2022-03-14T02:00:00Z');
    const res = await issue(commune, personId, { type: 't', testResultId: negative });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await queryRows<{ qr: string; source_id: string }>(
      t.database.db,
      sql`select qr, source_id from issued_certificates where id = ${res.json<{ id: string }>().id}`,
    );
    expect(row!.source_id).toBe(negative);
    expect(hcertOf(row!.qr).t![0]).toMatchObject({
      tt: 'LP6464-4',
      tr: '260415000',
      sc: '2022-03-14T02:00:00Z',
      nm: 'RT-PCR',
    });

    // A positive result, or someone else's result, gives no certificate.
    const positive = await storedResult(personId, 'positive', '2022-03-20T02:00:00Z');
    const refused = await issue(commune, personId, { type: 't', testResultId: positive });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { details: [{ path: 'body.testResultId' }] } });
    const theirs = await storedResult(strangerId, 'negative', '2022-03-14T03:00:00Z');
    expect((await issue(commune, personId, { type: 't', testResultId: theirs })).statusCode).toBe(404);
    expect(await certificatesOf(personId)).toBe(1);
  });

  it('a recovery certificate comes from a confirmed case (sample 10/03/2022), not a suspected one', async () => {
    const suspected = await storedCase(strangerId, 'suspected', '2022-03-10');
    const no = await issue(commune, strangerId, { type: 'r', caseId: suspected });
    expect(no.statusCode).toBe(400);
    expect(no.json()).toMatchObject({ error: { details: [{ path: 'body.caseId' }] } });

    const confirmed = await storedCase(personId, 'confirmed', '2022-03-10');
    const res = await issue(commune, personId, { type: 'r', caseId: confirmed });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await queryRows<{ qr: string }>(
      t.database.db,
      sql`select qr from issued_certificates where id = ${res.json<{ id: string }>().id}`,
    );
    // Valid from the 11th day, until 180 days after the first positive sample.
    expect(hcertOf(row!.qr).r![0]).toMatchObject({ fr: '2022-03-10', df: '2022-03-21', du: '2022-09-06' });
    // Another person's case cannot back this person's certificate.
    expect((await issue(commune, strangerId, { type: 'r', caseId: confirmed })).statusCode).toBe(404);
  });

  it('free entry (a result from abroad) is the district officer’s permission and is audited with its evidence', async () => {
    const before = await certificatesOf(strangerId);
    const res = await issue(district, strangerId, FREE_TEST);
    expect(res.statusCode, res.body).toBe(201);
    expect(await certificatesOf(strangerId)).toBe(before + 1);
    const audit = await queryRows<{ action: string; actor_role: string; details: unknown }>(
      t.database.db,
      sql`select action, actor_role, details from audit_log where entity = 'certificate' and person_id = ${strangerId}`,
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'create',
        actor_role: 'district_officer',
        details: { freeEntry: true, type: 't', evidence: FREE_TEST.evidence },
      }),
    );
    // Evidence is required.
    const { evidence: _e, ...withoutEvidence } = FREE_TEST;
    expect((await issue(district, strangerId, withoutEvidence)).statusCode).toBe(400);
  });
});
