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
import { OUTCOME_SNOMED, SYSTEMS } from './systems.ts';
import { systemAccess } from '../access/context.ts';
import { applyTestResults } from '../cases/intake.ts';

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

  it('a large Bundle: every result audited, its events queued and published, once each', async () => {
    // 40 results: their live events exceed one notification (publishEvents' large path).
    await t.database.db.execute(sql`insert into persons (full_name, name_key, province_code, district_code,
        commune_code, source, cccd)
      select 'Người ' || g, 'nguoi ' || g, '83', '829', '28756', 'test', '0830911' || lpad(g::text, 5, '0')
      from generate_series(1, 40) g`);
    const live = async () =>
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from live_events where event->>'kind' = 'indicator'`,
        )
      )[0]!.n;
    const [before, liveBefore] = [await counts(), await live()];
    const entries = Array.from({ length: 40 }, (_, i) =>
      negative(`Patient?identifier=${SYSTEMS.cccd}|0830911${String(i + 1).padStart(5, '0')}`),
    );
    const ok = await fhir({ resourceType: 'Bundle', type: 'transaction', entry: entries });
    expect(ok.statusCode).toBe(200);
    expect(await counts()).toEqual({
      r: before.r + 40,
      s: before.s + 40,
      g: before.g + 40,
      a: before.a + 120,
      o: before.o + 120,
    });
    expect(await live()).toBe(liveBefore + 40);
  });
});

describe('the cases seam agrees with itself: one Bundle of results = the same results one Bundle each', () => {
  const obs = (cccd: string, outcome: keyof typeof OUTCOME_SNOMED, hoursAgo: number) => ({
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] },
      subject: { reference: `Patient?identifier=${SYSTEMS.cccd}|${cccd}` },
      effectiveDateTime: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      valueCodeableConcept: { coding: [{ system: SYSTEMS.snomed, code: OUTCOME_SNOMED[outcome].code }] },
    },
    request: { method: 'POST', url: 'Observation' },
  });
  const post = async (entries: unknown[]) => {
    const r = await fhir({ resourceType: 'Bundle', type: 'transaction', entry: entries });
    expect(r.statusCode).toBe(200);
  };
  /** What the case module left for a person: the case, its evidence, audit and outbox by kind. */
  const summary = async (personId: string) =>
    (
      await queryRows<{ cases: unknown; audit: unknown; outbox: unknown }>(
        t.database.db,
        sql`select
          (select coalesce(jsonb_agg(jsonb_build_object('classification', c.classification, 'status', c.status,
             'outcomes', (select jsonb_agg(e->>'outcome' order by e->>'sampledAt') from jsonb_array_elements(c.evidence) e),
             'windowClosed', c.infectious_to is not null)), '[]'::jsonb) from cases c where c.person_id = ${personId}) as cases,
          (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (select entity || ':' || action as k, count(*)::int as n
             from audit_log where person_id = ${personId} and entity not in ('person') group by 1) a) as audit,
          (select coalesce(jsonb_object_agg(topic, n), '{}'::jsonb) from (select topic, count(*)::int as n
             from outbox where payload->>'personId' = ${personId}::text group by 1) o) as outbox`,
      )
    )[0]!;

  it('negatives without a case change nothing; a case, a positive then a negative, agree', async () => {
    // Four people twice: (1) negative only, (2) a positive then a negative, (3) an open case gets a
    // negative, (4) a new positive. The A twins' results go in one Bundle, the B twins' one each.
    const cccds = { A: ['083090007001', '083090007002', '083090007003', '083090007004'], B: [] as string[] };
    cccds.B = cccds.A.map((c) => c.replace('0830900070', '0830900071'));
    const added = await addPeople(t.database, [
      ...cccds.A.map((cccd, i) => ({ fullName: `Lý Văn A${i}`, dateOfBirth: `1970-01-0${i + 1}`, cccd })),
      ...cccds.B.map((cccd, i) => ({ fullName: `Đỗ Thị B${i}`, dateOfBirth: `1971-02-0${i + 1}`, cccd })),
    ]);
    const ids = { A: added.slice(0, 4).map((o) => o.personId), B: added.slice(4).map((o) => o.personId) };
    await post([obs(cccds.A[2]!, 'positive', 72)]);
    await post([obs(cccds.B[2]!, 'positive', 72)]);
    const plan = (c: string[]) => [
      obs(c[0]!, 'negative', 3),
      obs(c[1]!, 'positive', 26),
      obs(c[1]!, 'negative', 2),
      obs(c[2]!, 'negative', 2),
      obs(c[3]!, 'positive', 4),
    ];
    await post(plan(cccds.A));
    for (const entry of plan(cccds.B)) await post([entry]);
    const a = await Promise.all(ids.A.map(summary));
    const b = await Promise.all(ids.B.map(summary));
    expect(a).toEqual(b);
    // And what that is: no case for (1), a case for the others, the negatives in their evidence.
    expect(a[0]!.cases).toEqual([]);
    expect(a[0]!.outbox).toEqual({
      'testing.registered': 1,
      'testing.specimen_collected': 1,
      'testing.result_recorded': 1,
    });
    expect(a[1]!.cases).toEqual([expect.objectContaining({ outcomes: ['positive', 'negative'] })]);
    expect(a[2]!.cases).toEqual([
      expect.objectContaining({ outcomes: ['positive', 'negative'], windowClosed: true }),
    ]);
    expect(a[3]!.cases).toEqual([expect.objectContaining({ outcomes: ['positive'], status: 'open' })]);
  });

  it('closes every declaration flag its results reach at once; a flag two results reach, by the first', async () => {
    const [c1, c2] = await addPeople(t.database, [
      { fullName: 'Mai Văn Cờ', dateOfBirth: '1980-04-04' },
      { fullName: 'Mai Thị Cờ', dateOfBirth: '1981-05-05' },
    ]);
    // Two declarations flagged for a test, each with its registration; the first one's
    // registration has two specimens resulted negative then positive; the second's one positive.
    const rows = await queryRows<{ result: string; person: string; outcome: string }>(
      t.database.db,
      sql`with p(person, n) as (values (${c1!.personId}::uuid, 1), (${c2!.personId}::uuid, 2)),
        q as (select id from questionnaires limit 1),
        g as (insert into test_registrations (person_id, site_id, test_type, reason, registered_via, province_code, district_code, commune_code)
          select p.person, (select id from test_sites limit 1), 'rtPcr', 'symptoms', 'citizen', '83', '829', '28756' from p
          returning id, person_id),
        d as (insert into declarations (submission_id, questionnaire_id, kind, person_id, declared_by, channel, response, day, action, flag_status, test_registration_id, province_code, district_code, commune_code)
          select gen_random_uuid(), q.id, 'domestic', g.person_id, 'self', 'citizen', '{}'::jsonb, current_date, 'test', 'testRegistered', g.id, '83', '829', '28756' from g, q),
        x(n, k, outcome) as (values (1, 1, 'negative'), (1, 2, 'positive'), (2, 1, 'positive')),
        s as (insert into specimens (barcode, person_id, registration_id, test_type, collected_at, status, province_code, district_code, commune_code)
          select 'FLAG-' || x.n || '-' || x.k, g.person_id, g.id, 'rtPcr', now() - interval '1 day', 'resulted', '83', '829', '28756'
          from x join p on p.n = x.n join g on g.person_id = p.person returning id, person_id, barcode)
        insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source, province_code, district_code, commune_code)
        select s.id, s.person_id, 'rtPcr', x.outcome, now() - interval '1 day', now(), 'entry', '83', '829', '28756'
        from s join x on s.barcode = 'FLAG-' || x.n || '-' || x.k
        returning id::text as result, person_id::text as person, outcome`,
    );
    // In order: the first person's negative, then their positive, then the second person's positive.
    const rank = (r: { person: string; outcome: string }) =>
      (r.person === c1!.personId ? 0 : 2) + (r.outcome === 'negative' ? 0 : 1);
    rows.sort((x, y) => rank(x) - rank(y));
    await t.database.db.transaction((tx) =>
      applyTestResults(
        tx,
        systemAccess('test: results of flagged declarations'),
        rows.map((r) => ({
          resultId: r.result,
          personId: r.person,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr' as const,
          outcome: r.outcome as 'positive' | 'negative',
          ct: r.outcome === 'positive' ? 20 : null,
          sampledAt: new Date(Date.now() - 86_400_000),
          symptomatic: true,
        })),
        { ip: null },
      ),
    );
    const flags = await queryRows<{ person: string; flag: string; audited: number; events: number }>(
      t.database.db,
      sql`select d.person_id::text as person, d.flag_status as flag,
          (select count(*)::int from audit_log a where a.entity = 'declaration' and a.entity_id = d.id::text) as audited,
          (select count(*)::int from outbox o where o.topic = 'declaration.flag_changed' and o.payload->>'declarationId' = d.id::text) as events
        from declarations d where d.person_id in (${c1!.personId}, ${c2!.personId})`,
    );
    expect(
      flags.sort((x, y) => (x.person === c1!.personId ? -1 : y.person === c1!.personId ? 1 : 0)),
    ).toEqual([
      { person: c1!.personId, flag: 'cleared', audited: 1, events: 1 },
      { person: c2!.personId, flag: 'positive', audited: 1, events: 1 },
    ]);
  });
});
