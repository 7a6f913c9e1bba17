/**
 * Issue #9, the design change: a mutating route gets its transaction, audit rows and outbox rows
 * from the chain, so a write and its audit row commit or roll back together, on PGlite and
 * PostgreSQL. The audit trail is made to refuse one particular row (a trigger on `audit_log`): the
 * write it audits must then leave nothing behind. The two known offenders are told here:
 * declaring an outbreak, and the venue scanner's check-in (whose audit row used to commit
 * separately from the group-committed check-in).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { systemAccessReasons } from '../../src/http/data.ts';
import { approvedVenue, countCheckins } from '../checkin/fixtures.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The audit trail refuses rows carrying a marker: an outbreak started on 2001-01-01, a scan at a
  // venue named in the table below (the stand-in for any failure after the write).
  await t.database.db.execute(sql`create table refuse_audit_of (entity_id text primary key)`);
  await t.database.db.execute(sql`create function refuse_marked_audit() returns trigger language plpgsql as $$
    begin
      if (new.entity = 'outbreak' and new.details->>'startedOn' = '2001-01-01')
        or exists (select 1 from refuse_audit_of r where r.entity_id = new.entity_id::text) then
        raise exception 'audit refused for the test';
      end if;
      return new;
    end $$`);
  await t.database.db.execute(
    sql`create trigger refuse_marked_audit before insert on audit_log for each row execute function refuse_marked_audit()`,
  );
});
afterAll(async () => {
  await t?.close();
});

function outbreaksNamed(name: string): Promise<{ id: string }[]> {
  return queryRows(t.database.db, sql`select id::text as id from outbreaks where name = ${name}`);
}

function auditOf(entity: string, entityId: string): Promise<{ details: Record<string, unknown> }[]> {
  return queryRows(
    t.database.db,
    sql`select details from audit_log where entity = ${entity} and entity_id::text = ${entityId}`,
  );
}

describe('issue 9: the chain commits a write and its audit row together', () => {
  it('declaring an outbreak stores it with its audit row, or neither', async () => {
    const epidemiologist = await signInAs(t, 'provincial_epidemiologist', '83');
    const declare = (name: string, startedOn: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/outbreaks',
        headers: epidemiologist.headers,
        payload: { diseaseCode: 'COVID-19', name, startedOn },
      });

    const ok = await declare('Ổ dịch bến xe Mỏ Cày', '2021-09-01');
    expect(ok.statusCode, ok.body).toBe(201);
    const { id } = ok.json<{ id: string }>();
    expect(await outbreaksNamed('Ổ dịch bến xe Mỏ Cày')).toEqual([{ id }]);
    expect(await auditOf('outbreak', id)).toHaveLength(1);

    // The audit row cannot be written: the declaration is rolled back with it.
    const refused = await declare('Ổ dịch chợ Ba Tri', '2001-01-01');
    expect(refused.statusCode).toBeGreaterThanOrEqual(500);
    expect(await outbreaksNamed('Ổ dịch chợ Ba Tri')).toEqual([]);
  });

  it('a scanned check-in is stored with its audit row, or neither', async () => {
    const qr = '083088001234||Lê Thị Quét|01021990|Nữ|Ấp 3, Bến Tre|01012021';
    const scan = (venue: { id: string; owner: Record<string, string> }) =>
      t.app.inject({
        method: 'POST',
        url: `/api/venues/${venue.id}/scan`,
        headers: venue.owner,
        payload: { qr },
      });

    const open = await approvedVenue(t, { name: 'Tiệm thuốc Tây' });
    const ok = await scan(open);
    expect(ok.statusCode, ok.body).toBe(200);
    const { visit } = ok.json<{ visit: { id: string } }>();
    expect(await countCheckins(t, sql`venue_id = ${open.id} and method = 'scan'`)).toBe(1);
    const audits = await auditOf('checkin', open.id);
    expect(audits.map((a) => a.details.checkinId)).toEqual([visit.id]);

    // At a venue whose audit rows are refused, the scan stores no check-in either.
    const other = await approvedVenue(t, { name: 'Quán bún riêu' });
    await t.database.db.execute(sql`insert into refuse_audit_of values (${other.id})`);
    const refused = await scan(other);
    expect(refused.statusCode).toBeGreaterThanOrEqual(500);
    expect(await countCheckins(t, sql`venue_id = ${other.id}`)).toBe(0);
    expect(await auditOf('checkin', other.id)).toEqual([]);
  });

  it('a handler reaches the raw database only through a named, recorded system access', async () => {
    const reason = 'facility directory (no personal data)';
    const before = systemAccessReasons().get(reason) ?? 0;
    const officer = await signInAs(t, 'commune_officer', '28756');
    const res = await t.app.inject({ method: 'GET', url: '/api/facilities', headers: officer.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(systemAccessReasons().get(reason)).toBe(before + 1);
  });
});
