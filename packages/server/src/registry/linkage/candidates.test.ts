/**
 * Candidates are compared as they are stored now: ingest remembers the prepared (folded, parsed)
 * form of the people it adds so that later batches need not prepare them again, but a record
 * corrected after that is prepared afresh (issue #10.12, the speed of linkage).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';

const PHU_KHUONG = '28756';

describe('candidates remembered between batches', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('links a later record to a person whose date of birth was corrected after ingest', async () => {
    // Entered from an interview with a wrong date of birth...
    const [first] = await addPeople(t.database, [
      { fullName: 'Thạch Thị Sô Phia', dateOfBirth: '1988-04-12', sex: 'female', communeCode: PHU_KHUONG },
    ]);
    expect(first!.decision).toBe('new');
    // ...corrected by an official from her CCCD card.
    await t.database.db.execute(
      sql`update persons set date_of_birth = '1986-11-30' where id = ${first!.personId}`,
    );

    // Her test registration carries the right date: the same woman, merged without asking.
    const [again] = await addPeople(t.database, [
      { fullName: 'Thạch Thị Sô Phia', dateOfBirth: '1986-11-30', sex: 'female', communeCode: PHU_KHUONG },
    ]);
    expect(again).toMatchObject({ decision: 'merged', matchedId: first!.personId });
  });

  it('and no longer links a record carrying the date that was corrected away', async () => {
    const [first] = await addPeople(t.database, [
      { fullName: 'Kiều Thị Mỹ Duyên', dateOfBirth: '1979-02-03', sex: 'female', communeCode: PHU_KHUONG },
    ]);
    await t.database.db.execute(
      sql`update persons set date_of_birth = '1997-09-21' where id = ${first!.personId}`,
    );
    const [other] = await addPeople(t.database, [
      { fullName: 'Kiều Thị Mỹ Duyên', dateOfBirth: '1979-02-03', sex: 'female', communeCode: PHU_KHUONG },
    ]);
    expect(other!.decision).toBe('new');
  });
});
