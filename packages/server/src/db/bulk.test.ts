import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { bulkInsert } from './bulk.ts';
import type { Database } from './client.ts';
import { auditLog, linkageReviews, persons } from './schema/index.ts';

describe('bulk insert through jsonb_to_recordset', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes every column type as a normal insert would, defaults where a column is absent', async () => {
    const { db } = database;
    const a = '00000000-0000-4000-8000-000000000001';
    const b = '00000000-0000-4000-8000-000000000002';
    await bulkInsert(db, persons, [
      {
        id: a,
        fullName: 'Nguyễn Văn "Đức" \\ O\'Neil',
        nameKey: 'nguyen van duc',
        dateOfBirth: '1990-02-28',
        sex: 'male',
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
    const rows = await db.select().from(persons).orderBy(persons.id);
    expect(rows.map((r) => [r.fullName, r.dateOfBirth, r.sex, r.mergedInto, r.version, r.source])).toEqual([
      ['Nguyễn Văn "Đức" \\ O\'Neil', '1990-02-28', 'male', null, 1, 'manual'],
      ['Lê Thị Hoà', null, null, a, 1, 'manual'],
    ]);
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);

    await bulkInsert(db, linkageReviews, [
      { personA: a, personB: b, score: 0.75, reasons: ['NAME_EXACT', 'DOB_SWAP'], provinceCode: '83' },
    ]);
    const [review] = await db.select().from(linkageReviews).where(eq(linkageReviews.personA, a));
    expect(review).toMatchObject({ score: 0.75, reasons: ['NAME_EXACT', 'DOB_SWAP'], status: 'open' });

    await bulkInsert(db, auditLog, [
      {
        actorRole: 'system:test',
        action: 'create',
        entity: 'person',
        personId: a,
        fields: [],
        details: { nested: { ok: true }, list: [1, 2] },
      },
    ]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.personId, a));
    expect(audit).toMatchObject({ fields: [], details: { nested: { ok: true }, list: [1, 2] } });
  });

  it('does nothing for no rows', async () => {
    await bulkInsert(database.db, persons, []);
  });
});
