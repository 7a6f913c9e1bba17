/**
 * A transaction Bundle of several lab results goes set-based (fhir/resultBatch.ts) through the same
 * linkage, checks, audit, outbox and `applyTestResult` as one at a time: all or nothing, each
 * entry's response, and a stored specimen's barcode posted again through `enterResult` (unchanged).
 */
import { makeBarcode } from '@epilink/core';
import type { Bundle } from '@medplum/fhirtypes';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { insertApiKey } from '../admin/apiKeyStore.ts';
import { newApiKey } from '../auth/apiKeys.ts';
import { resolveJurisdiction } from '../auth/users.ts';
import { queryRows } from '../db/client.ts';
import { facilities, testSites } from '../db/schema/index.ts';
import { SYSTEMS } from './systems.ts';

const CCCD = '083090005678';
let t: TestApp;
let key = '';
let binhId = '';

beforeAll(async () => {
  t = await createTestApp();
  const [an, binh] = await addPeople(t.database, [
    { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-01', sex: 'male', cccd: CCCD },
    { fullName: 'Trần Thị Bình', dateOfBirth: '1992-03-12', sex: 'female' },
  ]);
  expect(an?.personId).toBeTruthy();
  binhId = binh!.personId;
  const [lab] = await t.database.db
    .insert(facilities)
    .values({
      kind: 'provincial_hospital',
      name: 'BV',
      unitCode: '829',
      districtCode: '829',
      provinceCode: '83',
    })
    .returning({ id: facilities.id });
  await t.database.db.insert(testSites).values({
    name: 'Khoa XN',
    facilityId: lab!.id,
    provinceCode: '83',
    districtCode: '829',
    communeCode: '28756',
  });
  const issued = newApiKey();
  key = issued.key;
  await insertApiKey(t.database.db, {
    name: 'lab',
    prefix: issued.prefix,
    hash: issued.hash,
    scopes: ['person:read', 'person:write'],
    jurisdiction: await resolveJurisdiction(t.database.db, '83'),
    createdBy: '00000000-0000-4000-8000-000000000000',
    expiresAt: null,
    ownerFacilityId: lab!.id,
  });
});
afterAll(() => t?.close());

const fhir = (payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/fhir',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(payload),
  });

describe('a Bundle of several results: set-based, in one transaction, through the same seams', () => {
  const negative = (subject: string, specimen?: string) => ({
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '94558-4' }] },
      subject: { reference: subject },
      effectiveDateTime: new Date(Date.now() - 3_600_000).toISOString(),
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009' }] },
      ...(specimen ? { specimen: { reference: specimen } } : {}),
    },
    request: { method: 'POST', url: 'Observation' },
  });
  const barcode = makeBarcode('specimen', 424242);
  const counts = async () =>
    (
      await queryRows<{ r: number; s: number; g: number; a: number; o: number }>(
        t.database.db,
        sql`select (select count(*)::int from test_results) as r, (select count(*)::int from specimens) as s,
          (select count(*)::int from test_registrations) as g,
          (select count(*)::int from audit_log where entity in ('test_registration', 'specimen', 'test_result')) as a,
          (select count(*)::int from outbox where topic like 'testing.%') as o`,
      )
    )[0]!;

  it('writes each result once, all or nothing; a stored barcode posted again is unchanged', async () => {
    const bundle = (extra: unknown[]) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6f1c1d1e-0000-4000-8000-0000000000a1',
          resource: {
            resourceType: 'Specimen',
            identifier: [{ system: SYSTEMS.specimenBarcode, value: barcode }],
          },
          request: { method: 'POST', url: 'Specimen' },
        },
        negative(`Patient/${binhId}`, 'urn:uuid:6f1c1d1e-0000-4000-8000-0000000000a1'),
        negative(`Patient?identifier=${SYSTEMS.cccd}|${CCCD}`),
        ...extra,
      ],
    });
    const before = await counts();
    const refused = await fhir(bundle([negative(`Patient?identifier=${SYSTEMS.cccd}|000000000000`)]));
    expect(refused.statusCode).toBe(404);
    expect(await counts()).toEqual(before);

    const ok = await fhir(bundle([]));
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Bundle>().entry?.map((e) => e.response?.status)).toEqual([
      '200 OK',
      '201 Created',
      '201 Created',
    ]);
    expect(await counts()).toEqual({
      r: before.r + 2,
      s: before.s + 2,
      g: before.g + 2,
      a: before.a + 6,
      o: before.o + 6,
    });
    const [stored] = await queryRows<{
      person: string;
      specimen: string;
      registration: string;
      outcome: string;
    }>(
      t.database.db,
      sql`select s.person_id::text as person, s.status as specimen, g.status as registration, r.outcome
        from specimens s join test_registrations g on g.id = s.registration_id join test_results r on r.specimen_id = s.id
        where s.barcode = ${barcode}`,
    );
    expect(stored).toEqual({
      person: binhId,
      specimen: 'resulted',
      registration: 'collected',
      outcome: 'negative',
    });

    // The stored specimen goes through enterResult: the same outcome again changes nothing.
    const again = await fhir(bundle([]));
    expect(again.json<Bundle>().entry?.map((e) => e.response?.status)).toEqual([
      '200 OK',
      '200 OK',
      '201 Created',
    ]);
    expect((await counts()).r).toBe(before.r + 3);
  });
});
