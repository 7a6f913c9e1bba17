/**
 * The situation room's live stream (`GET /api/events/indicators`, PGlite and PostgreSQL): the
 * steering committee — who may read indicators but not cases — keeps it open; a positive result
 * entered through the API in commune A reaches it at commit as "a count changed" and "a case
 * changed", with no id of anyone; an officer of commune B hears only commune B's dose and bed
 * report; the case stream of a tracer does not carry these count events.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { today } from '@epilink/core';
import { COMMUNE_A, household, otherCommune } from '../cases/test-fixtures.ts';
import { facilities } from '../db/schema/index.ts';
import { specimenAt } from '../testing/test-fixtures.ts';
import { CLEAR_SCREENING, siteWithLot } from '../vaccination/test-fixtures.ts';
import { openEventStream } from './test-stream.ts';

let t: TestApp;
let base = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
});

describe('the situation room’s live stream', () => {
  it('tells the committee and the officials of the place that counts changed, with no ids, and nobody else', async () => {
    const communeB = await otherCommune(t);
    const committee = await signInAs(t, 'steering_committee', '83');
    const officerB = await signInAs(t, 'commune_officer', communeB.communeCode);
    const tracerA = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const lab = await signInAs(t, 'lab_technician', COMMUNE_A.communeCode);
    const vaccinatorB = await signInAs(t, 'vaccinator', communeB.communeCode);
    const [an] = await household(t, COMMUNE_A, [{ fullName: 'Nguyễn Văn An', dateOfBirth: '1980-02-01' }]);
    const specimen = await specimenAt(t.database.db, an!, COMMUNE_A);

    const room = await openEventStream(base, committee.headers.cookie!, '/api/events/indicators');
    const roomB = await openEventStream(base, officerB.headers.cookie!, '/api/events/indicators');
    const cases = await openEventStream(base, tracerA.headers.cookie!, '/api/events');
    try {
      const entered = await t.app.inject({
        method: 'POST',
        url: '/api/testing/results',
        headers: lab.headers,
        payload: { barcode: specimen.barcode, outcome: 'positive', ct: 21 },
      });
      expect(entered.statusCode, entered.body).toBe(201);

      expect((await room.next((e) => e.event === 'indicator')).data).toEqual({ kind: 'indicator' });
      expect((await room.next((e) => e.event === 'case')).data).toEqual({ kind: 'case' });
      // The tracer's case stream hears the case with its ids, and no count event before it.
      await cases.next((e) => e.event === 'case');
      expect(cases.received.map((e) => e.event)).not.toContain('indicator');
      // Nothing about the person travels on the situation room's stream.
      expect(JSON.stringify(room.received)).not.toContain(an!);

      // A dose in commune B: B's officer hears it, and it is the first thing B's officer heard.
      const [binh] = await addPeople(t.database, [
        { fullName: 'Trần Thị Bình', dateOfBirth: '1982-05-06', sex: 'female', ...communeB },
      ]);
      const site = await siteWithLot(t.database.db, { communeCode: communeB.communeCode });
      const dose = await t.app.inject({
        method: 'POST',
        url: '/api/vaccination/doses',
        headers: vaccinatorB.headers,
        payload: {
          personId: binh!.personId,
          ...site,
          productCode: 'EU/1/20/1528',
          date: '2021-10-01',
          screening: CLEAR_SCREENING,
        },
      });
      expect(dose.statusCode, dose.body).toBe(201);
      const first = await roomB.next(() => true);
      expect(first).toEqual({ event: 'indicator', data: { kind: 'indicator' } });
      // The committee, province-wide, hears B's dose too.
      await room.next(() => room.received.filter((e) => e.event === 'indicator').length >= 2);

      // Commune B's health station reports its beds: B's officer hears that too.
      const [station] = await t.database.db
        .insert(facilities)
        .values({
          kind: 'commune_health_station',
          name: 'Trạm Y tế thử',
          unitCode: communeB.communeCode,
          districtCode: communeB.districtCode,
          provinceCode: '83',
        })
        .returning({ id: facilities.id });
      const beds = await t.app.inject({
        method: 'POST',
        url: '/api/indicators/beds',
        headers: officerB.headers,
        payload: {
          facilityId: station!.id,
          day: today(),
          bedsTotal: 20,
          bedsOccupied: 5,
          icuTotal: 0,
          icuOccupied: 0,
        },
      });
      expect(beds.statusCode, beds.body).toBe(200);
      await roomB.next(() => roomB.received.filter((e) => e.event === 'indicator').length >= 2);
    } finally {
      room.close();
      roomB.close();
      cases.close();
    }
  });

  it('is closed to a caller without the indicator permission', async () => {
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const res = await fetch(`${base}/api/events/indicators`, { headers: { cookie: tracer.headers.cookie! } });
    expect(res.status).toBe(403);
    await res.body?.cancel();
  });
});
