import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { arrayInsert, bulkInsert } from './bulk.ts';
import type { Database } from './client.ts';
import { auditLog, linkageReviews, persons } from './schema/index.ts';

// The same story through both forms: one JSON document (jsonb_to_recordset) and one array per
// column (unnest); they must store exactly what a normal insert would.
describe.each([
  ['bulkInsert (jsonb_to_recordset)', bulkInsert, '1'],
  ['arrayInsert (unnest)', arrayInsert, '2'],
] as const)('bulk insert: %s', (_name, insert, tag) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes every column type as a normal insert would, defaults where a column is absent', async () => {
    const { db } = database;
    const a = `00000000-0000-4000-8000-00000000000${tag}`;
    const b = `00000000-0000-4000-8000-00000000001${tag}`;
    await insert(db, persons, [
      {
        id: a,
        fullName: 'Nguyễn Văn "Đức" \\ O\'Neil',
        nameKey: 'nguyen van duc',
        dateOfBirth: '1990-02-28',
        sex: 'male',
        // Control characters: JSON escapes them as PostgreSQL's array syntax does not.
        address: 'Số 1\nNgõ 2\tHà Nội',
        provinceCode: '83',
      },
      {
        id: b,
        fullName: 'Lê Thị Hoà',
        nameKey: 'le thi hoa',
        dateOfBirth: null,
        sex: null,
        provinceCode: '83',
        mergedInto: a,
      },
    ]);
    const rows = await db
      .select()
      .from(persons)
      .where(inArray(persons.id, [a, b]))
      .orderBy(persons.id);
    expect(rows.map((r) => [r.fullName, r.dateOfBirth, r.sex, r.mergedInto, r.version, r.source])).toEqual([
      ['Nguyễn Văn "Đức" \\ O\'Neil', '1990-02-28', 'male', null, 1, 'manual'],
      ['Lê Thị Hoà', null, null, a, 1, 'manual'],
    ]);
    expect(rows.map((r) => r.address)).toEqual(['Số 1\nNgõ 2\tHà Nội', null]);
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);

    await insert(db, linkageReviews, [
      { personA: a, personB: b, score: 0.75, reasons: ['NAME_EXACT', 'DOB_SWAP'], provinceCode: '83' },
    ]);
    const [review] = await db.select().from(linkageReviews).where(eq(linkageReviews.personA, a));
    expect(review).toMatchObject({ score: 0.75, reasons: ['NAME_EXACT', 'DOB_SWAP'], status: 'open' });

    await insert(db, auditLog, [
      {
        actorRole: 'system:test',
        action: 'create',
        entity: 'person',
        personId: a,
        fields: [],
        details: { nested: { ok: true }, list: [1, 2], text: 'Đức "a\\b" {x,y}' },
      },
      {
        actorRole: 'system:test',
        action: 'read',
        entity: 'person',
        personId: b,
        fields: ['full name', 'a,b', '{c}', 'q"uote', 'back\\slash', 'NULL', '', 'line\nbreak'],
        details: null,
      },
    ]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.personId, a));
    expect(audit).toMatchObject({
      fields: [],
      details: { nested: { ok: true }, list: [1, 2], text: 'Đức "a\\b" {x,y}' },
    });
    const [other] = await db.select().from(auditLog).where(eq(auditLog.personId, b));
    expect(other).toMatchObject({
      fields: ['full name', 'a,b', '{c}', 'q"uote', 'back\\slash', 'NULL', '', 'line\nbreak'],
      details: null,
      entityId: null,
    });
  });

  it('does nothing for no rows', async () => {
    await insert(database.db, persons, []);
  });
});
