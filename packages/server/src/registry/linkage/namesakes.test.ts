/**
 * Record linkage that never merges namesakes (issue #10.12, #10.11): name agreement weighted by
 * the registry's name frequencies, ties sent to review, names compared as a token set, a shared
 * CCCD that contradicts the record sent to review, and every merge undoable.
 */
import { makeCccd, nameSetOf } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import { foldNameFrequencies, nameCounts } from './frequencies.ts';

const PHU_KHUONG = '28756';

describe('linkage of ID-less records in a province full of Nguyễn Thị Thủy', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signInAs(t, 'province_admin', '83')).headers;
    // The registry before August 2021's interviews: 100,000 people, 400 of them Nguyễn Thị Thủy
    // (1 in 250) and no Huỳnh Ngọc Diễm Kiều. Counts as ingest keeps them.
    await t.database.db.execute(sql`insert into person_name_frequencies (name, persons)
      values ('', 100000), (${nameSetOf('Nguyễn Thị Thủy')}, 400)
      on conflict (name) do update set persons = excluded.persons`);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The count linkage reads: the counters plus the deltas not folded yet. */
  const frequency = async (name: string): Promise<number> =>
    (await nameCounts(t.database.db, [nameSetOf(name)])).byName.get(nameSetOf(name)) ?? 0;
  const folded = async (name: string): Promise<number> =>
    (
      await queryRows<{ persons: number }>(
        t.database.db,
        sql`select persons from person_name_frequencies where name = ${nameSetOf(name)}`,
      )
    )[0]?.persons ?? 0;

  it('keeps apart two girls called Nguyễn Thị Thủy born on 8/3/2015 in one ward (interview contacts, 8/2021)', async () => {
    const [first] = await addPeople(t.database, [
      {
        fullName: 'Nguyễn Thị Thủy',
        dateOfBirth: '2015-03-08',
        sex: 'female',
        communeCode: PHU_KHUONG,
        address: 'Số 12, Khu phố 1, Phường Phú Khương, Thành phố Bến Tre',
      },
    ]);
    const [second] = await addPeople(t.database, [
      {
        fullName: 'Nguyễn Thị Thủy',
        dateOfBirth: '2015-03-08',
        sex: 'female',
        communeCode: PHU_KHUONG,
        address: 'Số 240, Khu phố 4, Phường Phú Khương, Thành phố Bến Tre',
      },
    ]);
    expect(first!.decision).toBe('new');
    expect(second!.decision).toBe('new');
    // Both are people of that name now: the table follows ingest.
    expect(await frequency('Nguyễn Thị Thủy')).toBe(402);
    // Ingest appended deltas (no lock on the shared counter); the fold moves them in, same count.
    expect(await folded('Nguyễn Thị Thủy')).toBe(400);
    expect(await foldNameFrequencies(t.database.db)).toBeGreaterThan(0);
    expect(await folded('Nguyễn Thị Thủy')).toBe(402);
    expect(await frequency('Nguyễn Thị Thủy')).toBe(402);
    expect((await nameCounts(t.database.db, [])).total).toBeGreaterThanOrEqual(100002);
  });

  it('but merges a rare name agreeing on DOB, sex and ward, with no ID either', async () => {
    const kieu = {
      fullName: 'Huỳnh Ngọc Diễm Kiều',
      dateOfBirth: '2013-11-02',
      sex: 'female' as const,
      communeCode: PHU_KHUONG,
    };
    const [a] = await addPeople(t.database, [kieu]);
    const [b] = await addPeople(t.database, [{ ...kieu, fullName: 'HUYNH NGOC DIEM KIEU' }]);
    expect(a!.decision).toBe('new');
    expect(b).toMatchObject({ decision: 'merged', matchedId: a!.personId });
    expect(b!.reasons).toContain('NAME_RARE');
  });

  it('sends a record matching two people equally to review instead of merging it into the first', async () => {
    // Two Trần Văn Lộc born 30/4/1979 in two wards, with their own phones: a review pair, both
    // active. A third record (a guest list: name, DOB, sex, nothing else) matches each of them.
    const base = { fullName: 'Trần Văn Lộc', dateOfBirth: '1979-04-30', sex: 'male' as const };
    const [a] = await addPeople(t.database, [{ ...base, communeCode: '28756', phone: '0918123456' }]);
    const [b] = await addPeople(t.database, [{ ...base, communeCode: '28757', phone: '0918999888' }]);
    expect(a!.decision).toBe('new');
    expect(b!.decision).toBe('review');
    const [c] = await addPeople(t.database, [{ ...base, communeCode: null }]);
    expect(c!.decision).toBe('review');
    expect(c!.reasons).toContain('MATCH_TIE');
  });

  it('links "Văn Hùng Nguyễn" (family name last, as on an entry form) with Nguyễn Văn Hùng', async () => {
    const hung = { dateOfBirth: '1990-01-17', sex: 'male' as const, phone: '0909555111' };
    const [a] = await addPeople(t.database, [{ ...hung, fullName: 'Nguyễn Văn Hùng' }]);
    const [b] = await addPeople(t.database, [{ ...hung, fullName: 'Văn Hùng Nguyễn' }]);
    expect(b).toMatchObject({ decision: 'merged', matchedId: a!.personId });
    expect(b!.reasons).toContain('NAME_TOKENS_REORDERED');
  });

  it("sends a child entered under her father's CCCD to review, not into her father's record", async () => {
    const cccd = makeCccd('083', 'male', 1984, 777);
    const [father] = await addPeople(t.database, [
      { fullName: 'Lê Văn Tài', dateOfBirth: '1984-09-09', sex: 'male', cccd },
    ]);
    const [child] = await addPeople(t.database, [
      { fullName: 'Lê Thị Ngọc Hân', dateOfBirth: '2016-02-14', sex: 'female', cccd },
    ]);
    expect(child).toMatchObject({ decision: 'review', matchedId: father!.personId });
    expect(child!.reasons).toEqual(['ID_SAME_CCCD', 'CCCD_CONTRADICTS_RECORD']);
  });

  it('undoes an automatic merge: both records and the name count come back, audited, and the pair is settled', async () => {
    const cccd = makeCccd('083', 'female', 1992, 31337);
    const [a] = await addPeople(t.database, [
      { fullName: 'Phạm Thị Mai', dateOfBirth: '1992-06-01', sex: 'female', cccd, phone: '0977000111' },
    ]);
    // A clerk typed Mai's CCCD on her sister's record: an automatic merge by the hard ID rule.
    const [b] = await addPeople(t.database, [
      { fullName: 'Phạm Thị Mai', dateOfBirth: '1992-06-01', sex: 'female', cccd, address: 'Ấp 3' },
    ]);
    expect(b).toMatchObject({ decision: 'merged', matchedId: a!.personId });
    const before = await frequency('Phạm Thị Mai');

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/merges/${b!.personId}/undo`,
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ survivorId: a!.personId, mergedId: b!.personId });

    const page = await t.app.inject({ method: 'GET', url: `/api/persons/${b!.personId}`, headers: admin });
    expect(page.statusCode).toBe(200);
    expect(page.json<{ person: { id: string } }>().person.id).toBe(b!.personId);
    const survivor = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${a!.personId}`,
      headers: admin,
    });
    expect(survivor.json<{ person: { mergedFrom: unknown[] } }>().person.mergedFrom).toEqual([]);
    expect(await frequency('Phạm Thị Mai')).toBe(before + 1);
    const audit = await queryRows<{ person_id: string }>(
      t.database.db,
      sql`select person_id from audit_log where action = 'unmerge' order by id`,
    );
    expect(audit.map((r) => r.person_id).sort()).toEqual([a!.personId, b!.personId].sort());
    // The pair is settled as two people: a second undo finds no merge.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/merges/${b!.personId}/undo`,
      headers: admin,
    });
    expect(again.statusCode).toBe(404);
    const [review] = await queryRows<{ status: string }>(
      t.database.db,
      sql`select status from linkage_reviews where person_a = ${a!.personId} and person_b = ${b!.personId}`,
    );
    expect(review!.status).toBe('distinct');
  });

  it('undoes a reviewed merge: the survivor gives back the phone it took, the review is marked distinct', async () => {
    const [a] = await addPeople(t.database, [
      { fullName: 'Võ Minh Trí', dateOfBirth: '1971-12-12', sex: 'male', communeCode: '28757' },
    ]);
    const [b] = await addPeople(t.database, [
      {
        fullName: 'Võ Minh Trí',
        dateOfBirth: '1971-12-12',
        sex: 'male',
        communeCode: PHU_KHUONG,
        phone: '0933444555',
      },
    ]);
    expect(b!.decision).toBe('review');
    const [review] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from linkage_reviews where person_b = ${b!.personId}`,
    );
    const decide = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/reviews/${review!.id}/decide`,
      headers: admin,
      payload: { decision: 'merge', keepId: a!.personId },
    });
    expect(decide.statusCode).toBe(200);
    const merged = await t.app.inject({
      method: 'GET',
      url: '/api/linkage/reviews?status=merged',
      headers: admin,
    });
    const item = merged
      .json<{ items: { id: string; mergedId: string | null }[] }>()
      .items.find((i) => i.id === review!.id);
    expect(item!.mergedId).toBe(b!.personId);

    const undo = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/merges/${item!.mergedId}/undo`,
      headers: admin,
    });
    expect(undo.json()).toMatchObject({ restoredFields: ['phone'] });
    const [rows] = await queryRows<{ phone: string | null; status: string }>(
      t.database.db,
      sql`select p.phone, r.status from persons p, linkage_reviews r where p.id = ${a!.personId} and r.id = ${review!.id}`,
    );
    expect(rows).toEqual({ phone: null, status: 'distinct' });
  });

  it('does not let a district official undo a merge of records outside their district', async () => {
    const cccd = makeCccd('083', 'male', 1966, 5150);
    const rec = { fullName: 'Đặng Văn Sơn', dateOfBirth: '1966-05-05', sex: 'male' as const, cccd };
    await addPeople(t.database, [rec]);
    const [b] = await addPeople(t.database, [rec]);
    expect(b!.decision).toBe('merged');
    const other = (await signInAs(t, 'district_officer', '831')).headers;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/merges/${b!.personId}/undo`,
      headers: other,
    });
    expect([403, 404]).toContain(res.statusCode);
    const [row] = await queryRows<{ merged_into: string | null }>(
      t.database.db,
      sql`select merged_into from persons where id = ${b!.personId}`,
    );
    expect(row!.merged_into).not.toBeNull();
  });
});
