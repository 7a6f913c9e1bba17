/**
 * One clock (issue #11 item 3): the server's "today" is the province's calendar day at every
 * hour. At 00:30 local time (17:30 UTC the day before, when a UTC clock still says yesterday) the
 * units in force, the policies in force, the due list and the check-in retention already belong to
 * the new day; at 23:30 they still belong to the old one. The clock is injected (JavaScript's Date
 * is set to those instants), nothing sleeps.
 *
 * The day D is two days after the real today, so sessions and audit rows written "at" the injected
 * instants stay valid for the database's own clock.
 */
import { addDays, localTime, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from './db/client.ts';
import { ensurePartitions, listPartitions, purgeCheckins } from './checkin/partitions.ts';
import { COMMUNE_A } from './cases/test-fixtures.ts';
import { addPeople, createTestApp, signInAs } from '../test/helpers.ts';
import type { TestApp } from '../test/helpers.ts';

const D = addDays(today(), 2);
const DAY_BEFORE = addDays(D, -1);
/** 23:30 local time on the day before D, and 00:30 local time on D. */
const LATE_EVENING = localTime(DAY_BEFORE, 23, 30);
const HALF_PAST_MIDNIGHT = localTime(D, 0, 30);
const NEW_COMMUNE = '99998';

describe('the server reads "today" from the province clock at 23:30 and 00:30 local time', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let policyKey: string;
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // A commune that comes into force on D.
    await db.execute(sql`
      insert into admin_units (code, valid_from, level, name, name_folded, type, parent_code, province_code, dataset)
      values (${NEW_COMMUNE}, ${D}::date, 'commune', 'Xã Mới Lập', 'xa moi lap', 'Xã', ${COMMUNE_A.districtCode},
        ${COMMUNE_A.provinceCode}, 'test')`);
    // A new version of a policy rule effective from D (same value: only "in force" changes).
    const [rule] = await queryRows<{ key: string }>(
      db,
      sql`select key from policy_rules where disease_code is null order by key limit 1`,
    );
    policyKey = rule!.key;
    await db.execute(sql`
      insert into policy_rules (key, disease_code, effective_from, value, source, verification)
      select key, null, ${D}::date, value, source, verification from policy_rules
      where key = ${policyKey} and disease_code is null order by effective_from desc limit 1`);
    // Someone whose next dose falls due on D.
    const [added] = await addPeople(t.database, [{ fullName: 'Lê Văn Hẹn', ...COMMUNE_A }]);
    personId = added!.personId;
    await db.execute(sql`
      insert into vaccination_status (person_id, disease, status, doses_given, next_dose_number, next_due,
        province_code, district_code, commune_code)
      values (${personId}, 'covid19', 'partial', 1, 2, ${D}::date, ${COMMUNE_A.provinceCode},
        ${COMMUNE_A.districtCode}, ${COMMUNE_A.communeCode})`);
    officer = (await signInAs(t, 'province_admin', COMMUNE_A.provinceCode)).headers;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Move the clock to an instant; the officer's session is live then (active just before, not expired). */
  const at = async (instant: Date) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(instant);
    await t.database.db.execute(sql`
      update sessions set last_seen_at = ${instant.toISOString()}::timestamptz,
        expires_at = ${instant.toISOString()}::timestamptz + interval '1 hour'`);
  };
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: officer });

  it('units in force: the commune valid from D is not there at 23:30 the day before, is at 00:30 on D', async () => {
    await at(LATE_EVENING);
    expect((await get(`/api/units/${NEW_COMMUNE}`)).statusCode).toBe(404);
    await at(HALF_PAST_MIDNIGHT);
    const res = await get(`/api/units/${NEW_COMMUNE}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ unit: { name: string } }>().unit.name).toBe('Xã Mới Lập');
  });

  it('policies in force: the version effective from D takes over at 00:30 on D, not at 23:30 before', async () => {
    const inForce = async () => {
      const res = await get(`/api/policy/rules?key=${encodeURIComponent(policyKey)}`);
      expect(res.statusCode, res.body).toBe(200);
      const rules = res.json<{ rules: { effectiveFrom: string; inForce: boolean }[] }>().rules;
      return rules.find((r) => r.effectiveFrom === D)?.inForce;
    };
    await at(LATE_EVENING);
    expect(await inForce()).toBe(false);
    await at(HALF_PAST_MIDNIGHT);
    expect(await inForce()).toBe(true);
  });

  it('due list: a dose due on D is listed from 00:30 on D, not at 23:30 the day before', async () => {
    const due = async () => {
      const res = await get(`/api/vaccination/due?communeCode=${COMMUNE_A.communeCode}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { personId: string }[] }>().items.map((i) => i.personId);
    };
    await at(LATE_EVENING);
    expect(await due()).not.toContain(personId);
    await at(HALF_PAST_MIDNIGHT);
    expect(await due()).toContain(personId);
  });

  it('retention: the day that passes out of retention at local midnight is purged at 00:30, not at 23:30', async () => {
    const { db } = t.database;
    const [rule] = await queryRows<{ days: number }>(
      db,
      sql`select (value #>> '{}')::int as days from policy_rules where key = 'checkin.retentionDays'
          and disease_code is null and effective_from <= ${D}::date order by effective_from desc limit 1`,
    );
    const days = rule?.days ?? 30;
    // The last day kept at 23:30 on D − 1 and the first day kept at 00:30 on D.
    const leaving = addDays(D, -days - 1);
    const staying = addDays(D, -days);
    await ensurePartitions(db, { from: localTime(leaving), days: 2 });
    const names = (await listPartitions(db)).map((p) => p.name);
    const partition = (day: string) => `checkins_p${day.replaceAll('-', '')}`;
    expect(names).toEqual(expect.arrayContaining([partition(leaving), partition(staying)]));

    const evening = await purgeCheckins(db, LATE_EVENING);
    expect(evening.retentionDays).toBe(days);
    expect(evening.droppedPartitions).toEqual([]);
    const night = await purgeCheckins(db, HALF_PAST_MIDNIGHT);
    expect(night.droppedPartitions).toEqual([partition(leaving)]);
    expect((await listPartitions(db)).map((p) => p.name)).toContain(partition(staying));
  });
});
