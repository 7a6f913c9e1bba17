/**
 * `declarationsOfPerson`, the seam other modules (health book, case page) read a person's
 * declarations through: a citizen sees their own, an official those made in their jurisdiction,
 * anyone else nothing (404); every declaration returned is audited.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestDatabase } from '../../test/helpers.ts';
import { citizenAccess, systemAccess, userAccess } from '../access/context.ts';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { declarationsOfPerson } from './person.ts';
import { recentDeclarations } from './recent.ts';

const ORIGIN = { ip: '127.0.0.1' };
const official = (code: string) =>
  userAccess({
    id: randomUUID(),
    username: 'officer',
    role: 'commune_officer',
    jurisdiction: { level: 'commune', code },
  });

describe('declarationsOfPerson', () => {
  let database: Database;
  let personId = '';
  beforeAll(async () => {
    database = await createTestDatabase();
    const [p] = await addPeople(database, [
      { fullName: 'Lê Văn Khai', dateOfBirth: '1970-02-03', phone: '0912000999' },
    ]);
    personId = p!.personId;
    // Two declarations made in the person's commune.
    await database.db.execute(sql`
      insert into declarations (submission_id, questionnaire_id, kind, person_id, declared_by, channel, response,
                                day, action, province_code, district_code, commune_code)
      select gen_random_uuid(), (select id from questionnaires where kind = 'health' limit 1), 'health', p.id,
             'self', 'citizen', '{}'::jsonb, current_date, 'none', p.province_code, p.district_code, p.commune_code
      from persons p, generate_series(1, 2) where p.id = ${personId}::uuid`);
  });
  afterAll(async () => database.close());

  it('shows the citizen and the official of the commune, audited; nobody else', async () => {
    const [home] = await queryRows<{ commune_code: string }>(
      database.db,
      sql`select commune_code from persons where id = ${personId}::uuid`,
    );
    const citizen = citizenAccess({ id: randomUUID(), personId, personIds: [personId] });
    const own = await declarationsOfPerson(database.db, citizen, ORIGIN, personId);
    expect(own.items).toHaveLength(2);
    const seen = await declarationsOfPerson(database.db, official(home!.commune_code), ORIGIN, personId, {
      limit: 1,
    });
    expect(seen.items).toHaveLength(1);
    expect(seen.nextCursor).not.toBeNull();
    const [audited] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where entity = 'declaration' and action = 'read' and person_id = ${personId}::uuid`,
    );
    expect(audited!.n).toBe(3);
    // Another commune's official sees none of them; another citizen and the system get 404.
    const elsewhere = await declarationsOfPerson(database.db, official('00001'), ORIGIN, personId);
    expect(elsewhere.items).toEqual([]);
    const stranger = citizenAccess({ id: randomUUID(), personId: randomUUID(), personIds: [] });
    await expect(declarationsOfPerson(database.db, stranger, ORIGIN, personId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      declarationsOfPerson(database.db, systemAccess('test'), ORIGIN, personId),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a list of people (venue visitors, check-in contacts) gets each one’s latest recent declaration in one read, audited', async () => {
    const [home] = await queryRows<{ commune_code: string }>(
      database.db,
      sql`select commune_code from persons where id = ${personId}::uuid`,
    );
    // The newest one is flagged for a test.
    await database.db.execute(sql`
      insert into declarations (submission_id, questionnaire_id, kind, person_id, declared_by, channel, response,
                                day, action, flag_status, province_code, district_code, commune_code, created_at)
      select gen_random_uuid(), (select id from questionnaires where kind = 'health' limit 1), 'health', p.id,
             'self', 'citizen', '{}'::jsonb, current_date, 'test', 'open', p.province_code, p.district_code,
             p.commune_code, now() + interval '1 minute'
      from persons p where p.id = ${personId}::uuid`);
    const nobody = randomUUID();
    const officer = official(home!.commune_code);
    const recent = await recentDeclarations(
      database.db,
      officer,
      ORIGIN,
      [personId, nobody, null],
      'venue outbreak',
    );
    expect([...recent.keys()]).toEqual([personId]);
    expect(recent.get(personId)).toMatchObject({
      kind: 'health',
      action: 'test',
      flagged: true,
      flagStatus: 'open',
    });
    const [audited] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log
          where entity = 'declaration' and action = 'read' and purpose = 'venue outbreak' and person_id = ${personId}::uuid`,
    );
    expect(audited!.n).toBe(1);
    // Outside the jurisdiction, or without declaration:read (a venue owner), nothing is shown.
    expect((await recentDeclarations(database.db, official('00001'), ORIGIN, [personId], null)).size).toBe(0);
    const owner = userAccess({
      id: randomUUID(),
      username: 'owner',
      role: 'venue_owner',
      jurisdiction: { level: 'commune', code: home!.commune_code },
    });
    expect((await recentDeclarations(database.db, owner, ORIGIN, [personId], null)).size).toBe(0);
  });
});
