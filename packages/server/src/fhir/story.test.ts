/**
 * The hospital story (issue #17 must-show): the province's admin issues the provincial hospital an
 * API key and subscribes the hospital's system to new cases; the hospital posts a FHIR transaction
 * Bundle with a positive RT-PCR result for a man it knows only by his CCCD → the result lands
 * through the same seam as the UI, a confirmed case appears with his household proposed as
 * contacts, and the subscriber (a real HTTP server) receives the new case, signed. Errors come
 * back as OperationOutcomes in the caller's language, and nothing is written.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Condition, Immunization, OperationOutcome } from '@medplum/fhirtypes';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { facilities, testSites } from '../db/schema/index.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { drainWebhooks } from '../webhooks/deliver.ts';
import { withWebhooks } from '../webhooks/fanout.ts';
import { COMMUNE_A, household } from '../cases/test-fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { validateResource } from './schema.ts';
import { SYSTEMS } from './systems.ts';

const CCCD = '083090001234';
let t: TestApp;
let admin: Record<string, string>;
let key: string;
let secret: string;
let anId: string;
let server: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ WEBHOOK_ALLOW_LOCAL: 'true' });
  admin = (await signInAs(t, 'province_admin', '83')).headers;
  [anId] = (await household(t, COMMUNE_A, [
    { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-01', sex: 'male' },
    { fullName: 'Trần Thị Bình', dateOfBirth: '1992-03-12', sex: 'female' },
    { fullName: 'Nguyễn Văn Cường', dateOfBirth: '2015-07-20', sex: 'male' },
  ])) as [string];
  await t.database.db.execute(sql`update persons set cccd = ${CCCD} where id = ${anId}`);
  const [hospital] = await t.database.db
    .insert(facilities)
    .values({
      kind: 'provincial_hospital',
      name: 'Bệnh viện Nguyễn Đình Chiểu',
      unitCode: '829',
      districtCode: '829',
      provinceCode: '83',
    })
    .returning({ id: facilities.id });
  await t.database.db
    .insert(testSites)
    .values({ name: 'Khoa xét nghiệm', facilityId: hospital!.id, ...COMMUNE_A });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issued = await t.app.inject({
    method: 'POST',
    url: '/api/admin/api-keys',
    headers: admin,
    payload: {
      name: 'HIS BV Nguyễn Đình Chiểu',
      scopes: ['person:read', 'person:write'],
      jurisdictionCode: '83',
      ownerFacilityId: hospital!.id,
    },
  });
  expect(issued.statusCode).toBe(201);
  key = issued.json<{ key: string }>().key;
  const sub = await t.app.inject({
    method: 'POST',
    url: '/api/admin/webhooks',
    headers: admin,
    payload: {
      name: 'HIS ca mới',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      topics: ['case.created'],
      jurisdictionCode: '83',
    },
  });
  expect(sub.statusCode).toBe(201);
  secret = sub.json<{ secret: string }>().secret;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

const fhir = (method: 'GET' | 'POST', url: string, payload?: unknown, lang = 'vi') =>
  t.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/fhir+json',
      'accept-language': lang,
    },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });

function resultBundle(cccd: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:6f1c1d1e-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] },
          subject: { reference: `Patient?identifier=${SYSTEMS.cccd}|${cccd}` },
          effectiveDateTime: new Date(Date.now() - 6 * 3_600_000).toISOString(),
          issued: new Date().toISOString(),
          valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004' }] },
          component: [
            { code: { coding: [{ system: SYSTEMS.epilink, code: 'ct' }] }, valueQuantity: { value: 18 } },
          ],
        },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}

describe('a hospital posts a positive result by FHIR', () => {
  it('refuses a person it cannot find with an OperationOutcome in the caller’s language, writing nothing', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from test_results`,
    );
    const en = await fhir('POST', '/fhir', resultBundle('083090009999'), 'en');
    expect(en.statusCode).toBe(404);
    expect(en.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const outcome = en.json<OperationOutcome>();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.details?.text).toMatch(/not found inside the key/);
    const vi = await fhir('POST', '/fhir', resultBundle('083090009999'));
    expect(vi.json<OperationOutcome>().issue[0]?.details?.text).toMatch(
      /Không tìm thấy người được xét nghiệm/,
    );
    const after = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from test_results`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('a positive for a person known by CCCD makes a case, proposes the household, and the subscriber gets it signed', async () => {
    const res = await fhir('POST', '/fhir', resultBundle(CCCD));
    expect(res.statusCode).toBe(200);
    const response = res.json<Bundle>();
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.[0]?.response?.status).toBe('201 Created');
    expect(validateResource(response)).toEqual([]);

    const conditions = (await fhir('GET', `/fhir/Condition?patient=Patient/${anId}`)).json<
      Bundle<Condition>
    >();
    expect(conditions.entry).toHaveLength(1);
    const condition = conditions.entry![0]!.resource!;
    expect(condition.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    const contacts = await queryRows<{ full_name: string }>(
      t.database.db,
      sql`select p.full_name from contacts c join persons p on p.id = c.person_id where c.case_id = ${condition.id} order by p.full_name`,
    );
    expect(contacts.map((c) => c.full_name)).toEqual(['Nguyễn Văn Cường', 'Trần Thị Bình']);

    await drainOutbox(t.database.db, withWebhooks({}));
    await drainWebhooks(t.database.db);
    expect(received).toHaveLength(1);
    const [hit] = received;
    const timestamp = String(hit!.headers['x-epilink-webhook-timestamp']);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hit!.body}`).digest('hex')}`;
    expect(hit!.headers['x-epilink-webhook-signature']).toBe(expected);
    const tampered = `sha256=${createHmac('sha256', secret)
      .update(`${timestamp}.${hit!.body.replace(condition.id!, 'x')}`)
      .digest('hex')}`;
    expect(tampered).not.toBe(expected);
    const event = JSON.parse(hit!.body) as { topic: string; data: { caseId: string } };
    expect(event).toMatchObject({ topic: 'case.created', data: { caseId: condition.id } });
    expect(hit!.body).not.toContain('Nguyễn');

    const log = await t.app.inject({
      method: 'GET',
      url: `/api/admin/webhooks/${await subscriptionId()}/deliveries`,
      headers: admin,
    });
    expect(log.json<{ items: { status: string }[] }>().items.map((i) => i.status)).toEqual(['delivered']);
  });

  it('Patient/$everything holds the person, the test and the case, each valid R4', async () => {
    const res = await fhir('GET', `/fhir/Patient/${anId}/$everything`);
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle>();
    const types = new Set(bundle.entry?.map((e) => e.resource?.resourceType));
    for (const type of [
      'Patient',
      'Specimen',
      'Observation',
      'DiagnosticReport',
      'Encounter',
      'Condition',
      'Location',
      'Organization',
    ])
      expect(types).toContain(type);
    expect(validateResource(bundle)).toEqual([]);
  });
});

async function subscriptionId(): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`select id from webhook_subscriptions limit 1`,
  );
  return row!.id;
}

describe('the hospital reports doses by FHIR, through the same seam as the vaccination UI', () => {
  const NEW_CCCD = '083085004321';
  const patient = {
    fullUrl: 'urn:uuid:6f1c1d1e-0000-4000-8000-0000000000a1',
    resource: {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEMS.cccd, value: NEW_CCCD }],
      name: [{ text: 'Lê Thị Dung' }],
      birthDate: '1985-02-14',
      gender: 'female',
    },
    request: { method: 'POST', url: 'Patient' },
  };
  // The hospital's record of a dose it gave in the 2021 campaign, sent years later.
  const GIVEN_ON = '2021-10-04';
  const dose = (subject: string, coding: { system: string; code: string }) => ({
    resource: {
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { coding: [coding] },
      patient: { reference: subject },
      occurrenceDateTime: GIVEN_ON,
      lotNumber: 'FK1234',
    },
    request: { method: 'POST', url: 'Immunization' },
  });
  const cvx208 = { system: SYSTEMS.cvx, code: '208' };
  const counts = async () =>
    (
      await queryRows<{ doses: number; people: number; stock: number }>(
        t.database.db,
        sql`select (select count(*)::int from vaccination_doses) as doses,
          (select count(*)::int from persons where cccd = ${NEW_CCCD}) as people,
          (select sum(quantity)::int from vaccine_stock) as stock`,
      )
    )[0]!;

  it('records a dose given elsewhere for a person linked from the Bundle, all or nothing, refusals translated', async () => {
    await t.database.db.execute(sql`with lot as (
        insert into vaccine_lots (product_code, lot_number, expiry_date)
        values ('EU/1/20/1528', 'FK1234', '2099-12-31') returning id)
      insert into vaccine_stock (lot_id, facility_id, quantity)
      select lot.id, f.id, 10 from lot, facilities f where f.name = 'Bệnh viện Nguyễn Đình Chiểu'`);
    // One entry coded in ATC (a class of vaccines, not a product): the whole Bundle is refused.
    const atc = await fhir(
      'POST',
      '/fhir',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          patient,
          dose(patient.fullUrl, cvx208),
          dose(patient.fullUrl, { system: 'http://www.whocc.no/atc', code: 'J07BN01' }),
        ],
      },
      'en',
    );
    expect(atc.statusCode).toBe(400);
    expect(atc.json<OperationOutcome>().issue[0]?.details?.text).toMatch(/Unsupported vaccine code/);
    expect(await counts()).toEqual({ doses: 0, people: 0, stock: 10 });

    const res = await fhir('POST', '/fhir', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [patient, dose(patient.fullUrl, cvx208)],
    });
    expect(res.statusCode).toBe(200);
    const location = res.json<Bundle>().entry?.[1]?.response?.location ?? '';
    expect(location).toMatch(/^Immunization\/[0-9a-f-]{36}$/);
    // A record of a dose given then: nothing leaves the hospital's stock today, and no screening
    // answers are invented (R4 Immunization carries none): it is stored as not recorded.
    expect(await counts()).toEqual({ doses: 1, people: 1, stock: 10 });
    const [stored] = await queryRows<{ date: string; screening: unknown }>(
      t.database.db,
      sql`select date::text as date, screening from vaccination_doses`,
    );
    expect(stored).toEqual({
      date: GIVEN_ON,
      screening: { answers: null, outcome: 'notRecorded', historical: true },
    });
    const read = await fhir('GET', `/fhir/${location}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<Immunization>()).toMatchObject({
      vaccineCode: { coding: [{ code: 'EU/1/20/1528' }] },
      lotNumber: 'FK1234',
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    });
    expect(validateResource(read.json())).toEqual([]);

    // A second dose the same day breaks the minimum interval: the seam refuses it, in Vietnamese.
    const again = await fhir('POST', '/fhir', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [dose(`Patient?identifier=${SYSTEMS.cccd}|${NEW_CCCD}`, cvx208)],
    });
    expect(again.statusCode).toBe(422);
    expect(JSON.stringify(again.json<OperationOutcome>().issue)).toMatch(/chưa đủ khoảng cách tối thiểu/);
    expect(await counts()).toEqual({ doses: 1, people: 1, stock: 10 });
  });
});
