/**
 * `Patient/$everything` through the health book's seam: every record kind of the person comes out
 * as its FHIR resource (each record id once), paged by `_count` with a next link, each page valid
 * R4; a person outside the key's jurisdiction is 404.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { insertApiKey } from '../admin/apiKeyStore.ts';
import { newApiKey } from '../auth/apiKeys.ts';
import { resolveJurisdiction } from '../auth/users.ts';
import { queryRows } from '../db/client.ts';
import { fixtureUnits, seedRecords } from '../healthbook/fixtures.ts';
import { EVERYTHING_PAGE } from './everything.ts';
import { validateResource } from './schema.ts';

const PER_KIND = 2;
let t: TestApp;
let key = '';
let personId = '';
let otherId = '';

beforeAll(async () => {
  t = await createTestApp();
  const [p, source, other] = await addPeople(t.database, [
    { fullName: 'Lê Thị Sổ', dateOfBirth: '1988-03-04', sex: 'female' },
    { fullName: 'Nguồn Lây', dateOfBirth: '1970-01-01', sex: 'male' },
    { fullName: 'Người Khác', dateOfBirth: '1999-09-09', sex: 'male', communeCode: '28757' },
  ]);
  personId = p!.personId;
  otherId = other!.personId;
  const units = await fixtureUnits(t.database.db, { province: '83', commune: '28756' });
  await seedRecords(t.database.db, personId, source!.personId, units, PER_KIND);
  const issued = newApiKey();
  key = issued.key;
  await insertApiKey(t.database.db, {
    name: 'everything',
    prefix: issued.prefix,
    hash: issued.hash,
    scopes: ['person:read'],
    jurisdiction: await resolveJurisdiction(t.database.db, '28756'),
    createdBy: '00000000-0000-4000-8000-000000000000',
    expiresAt: null,
    ownerFacilityId: null,
  });
});
afterAll(() => t?.close());

const get = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

/** The person's record ids per table, as the FHIR ids they map to. */
async function storedIds(): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    t.database.db,
    sql`with me as (select ${personId}::uuid as id)
      select id::text from declarations where person_id = (select id from me)
      union all select 'checkin-' || id from checkins where person_id = (select id from me)
      union all select id::text from test_registrations where person_id = (select id from me)
      union all select id::text from specimens where person_id = (select id from me)
      union all select id::text from test_results where person_id = (select id from me)
      union all select id::text from cases where person_id = (select id from me)
      union all select id::text from contacts where person_id = (select id from me)
      union all select id::text from quarantine_orders where person_id = (select id from me)
      union all select 'form-' || f.id from quarantine_forms f
        join quarantine_orders o on o.id = f.order_id where o.person_id = (select id from me)
      union all select id::text from vaccination_doses where person_id = (select id from me)
      union all select id::text from issued_certificates where person_id = (select id from me)
      union all select id::text from aefi_reports where person_id = (select id from me)`,
  );
  return rows.map((r) => r.id);
}

describe('Patient/$everything', () => {
  it('maps every record kind of the person, paged by _count with a next link, each page valid R4', async () => {
    const seen: { type: string; id: string; mode: string }[] = [];
    let url: string | null = `/fhir/Patient/${personId}/$everything?_count=5`;
    let pages = 0;
    while (url) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const bundle = res.json<Bundle>();
      expect(validateResource(bundle)).toEqual([]);
      for (const e of bundle.entry ?? [])
        seen.push({ type: e.resource!.resourceType, id: e.resource!.id!, mode: e.search!.mode! });
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      url = next ? next.slice(next.indexOf('/fhir/')) : null;
      pages++;
    }
    const records = 12 * PER_KIND;
    expect(pages).toBe(Math.ceil(records / 5));
    const matched = seen.filter((s) => s.mode === 'match');
    expect(matched.filter((s) => s.type === 'Patient').map((s) => s.id)).toEqual([personId]);
    const count = (type: string) => matched.filter((s) => s.type === type).length;
    expect({
      QuestionnaireResponse: count('QuestionnaireResponse'),
      Encounter: count('Encounter'),
      Specimen: count('Specimen'),
      Observation: count('Observation'),
      DiagnosticReport: count('DiagnosticReport'),
      Condition: count('Condition'),
      ServiceRequest: count('ServiceRequest'),
      Immunization: count('Immunization'),
      DocumentReference: count('DocumentReference'),
      AdverseEvent: count('AdverseEvent'),
    }).toEqual({
      QuestionnaireResponse: PER_KIND,
      Encounter: 2 * PER_KIND, // check-ins and test registrations
      Specimen: PER_KIND,
      Observation: 3 * PER_KIND, // results, contacts (exposure), quarantine forms (vital signs)
      DiagnosticReport: PER_KIND,
      Condition: PER_KIND,
      ServiceRequest: PER_KIND,
      Immunization: PER_KIND,
      DocumentReference: PER_KIND,
      AdverseEvent: PER_KIND,
    });
    // Every stored record appears (a result twice: Observation and DiagnosticReport), nothing else.
    const ids = matched.filter((s) => s.type !== 'Patient' && s.type !== 'DiagnosticReport').map((s) => s.id);
    expect([...ids].sort()).toEqual((await storedIds()).sort());
    expect(seen.filter((s) => s.mode === 'include').map((s) => s.type)).toContain('Location');
    expect(seen.filter((s) => s.mode === 'include').map((s) => s.type)).toContain('Organization');
    // The largest page $everything allows (above the health book's 200) holds the whole book at once.
    const whole = (
      await get(`/fhir/Patient/${personId}/$everything?_count=${EVERYTHING_PAGE.max}`)
    ).json<Bundle>();
    expect(whole.link?.some((l) => l.relation === 'next')).toBe(false);
    const wholeMatched = (whole.entry ?? [])
      .filter((e) => e.search?.mode === 'match')
      .map((e) => e.resource!.id);
    expect(wholeMatched.sort()).toEqual(matched.map((s) => s.id).sort());
  });

  it('refuses a page larger than allowed and hides a person outside the key’s jurisdiction', async () => {
    expect(
      (await get(`/fhir/Patient/${personId}/$everything?_count=${EVERYTHING_PAGE.max + 1}`)).statusCode,
    ).toBe(400);
    expect((await get(`/fhir/Patient/${personId}/$everything?_cursor=bm9wZQ`)).statusCode).toBe(400);
    const hidden = await get(`/fhir/Patient/${otherId}/$everything`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
  });
});
