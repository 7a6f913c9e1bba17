import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';

interface Entry {
  at: string;
  action: string;
  fields: string[];
}

describe("a person record's history at province scale", () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signInAs(t, 'province_admin', '83')).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows every one of 2,400 changes across the record and the one merged into it, page after page', async () => {
    const [survivor, merged] = await addPeople(t.database, [
      { fullName: 'Trương Văn Lực', dateOfBirth: '1970-03-02', sex: 'male', phone: '0918111222' },
      { fullName: 'Ngô Thị Bé', dateOfBirth: '1982-07-19', sex: 'female', phone: '0918333444' },
    ]);
    const a = survivor!.personId;
    const b = merged!.personId;
    // Years of edits in one statement each: an hour apart over ~50 days (so several monthly
    // partitions), two changes per hour stamped alike (the page key must break the tie), the merged
    // record's edits among them, and other modules' rows about the person that are not its history.
    await t.database.db.execute(sql`
      insert into person_merges (survivor_id, merged_id, automatic, reasons, snapshot)
      values (${a}::uuid, ${b}::uuid, false, '{}', '{}'::jsonb)`);
    await t.database.db.execute(sql`update persons set merged_into = ${a}::uuid where id = ${b}::uuid`);
    await t.database.db.execute(sql`
      insert into audit_log (at, actor_role, action, entity, person_id, fields)
      select now() - (g / 2) * interval '1 hour', 'commune_officer', 'update', 'person',
             case when g % 5 = 0 then ${b}::uuid else ${a}::uuid end, array['f' || g]
      from generate_series(1, 2400) g`);
    await t.database.db.execute(sql`
      insert into audit_log (at, actor_role, action, entity, person_id, fields)
      select now() - g * interval '1 hour', 'tracer', 'decide', 'contact', ${a}::uuid, array['status']
      from generate_series(1, 1000) g`);

    const page = await t.app.inject({ method: 'GET', url: `/api/persons/${a}`, headers: admin });
    expect(page.statusCode).toBe(200);
    const first = page.json<{ person: { history: Entry[]; historyNextCursor: string | null } }>().person;
    expect(first.history).toHaveLength(50);
    expect(first.historyNextCursor).not.toBeNull();

    const seen = [...first.history];
    let cursor = first.historyNextCursor;
    let pages = 1;
    while (cursor !== null) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/persons/${b}/history?limit=200&cursor=${encodeURIComponent(cursor)}`, // the merged ID resolves
        headers: admin,
      });
      expect(res.statusCode).toBe(200);
      const next = res.json<{ items: Entry[]; nextCursor: string | null }>();
      seen.push(...next.items);
      cursor = next.nextCursor;
      pages++;
    }
    expect(pages).toBe(1 + Math.ceil((2402 - 50) / 200));

    // Every change once (the 2,400 edits and the two records' creation), newest first, no contact rows.
    const edits = seen.flatMap((h) => h.fields.filter((f) => /^f\d+$/u.test(f)));
    expect(edits).toHaveLength(2400);
    expect(new Set(edits).size).toBe(2400);
    expect(seen.filter((h) => h.action === 'create')).toHaveLength(2);
    expect(seen.some((h) => h.action === 'decide')).toBe(false);
    const times = seen.map((h) => Date.parse(h.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('is not found outside the jurisdiction, and a forged cursor is refused', async () => {
    const [p] = await addPeople(t.database, [
      { fullName: 'Đỗ Minh Tâm', dateOfBirth: '1990-10-10', sex: 'male', phone: '0918555666' },
    ]);
    const other = (await signInAs(t, 'district_officer', '831')).headers;
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${p!.personId}/history`,
      headers: other,
    });
    expect(outside.statusCode).toBe(404);

    const forged = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${p!.personId}/history?cursor=bm90LWEtY3Vyc29y`,
      headers: admin,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });
});
