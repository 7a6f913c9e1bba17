/**
 * A person's blocking keys follow the person's identity (issue #16 item 1): when a merge fills
 * the survivor's missing date of birth, CCCD and phone from the duplicate, linkage finds the
 * survivor by them; when the merge is undone and the survivor gives them back, it no longer does.
 */
import { blockingKeys, makeCccd } from '@epilink/core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { systemAccess } from '../../access/context.ts';
import { queryRows } from '../../db/client.ts';
import { persons } from '../../db/schema/index.ts';
import { linkRecordOf } from './keys.ts';
import { mergePersons } from './merge.ts';
import { unmergePerson } from './unmerge.ts';

const access = systemAccess('test');
const origin = { ip: null };

describe('blocking keys after a merge and its undoing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** The keys stored for a person, and those its row calls for now. */
  async function keysOf(id: string): Promise<{ stored: string[]; due: string[] }> {
    const rows = await queryRows<{ key: string }>(
      t.database.db,
      sql`select key from person_blocking_keys where person_id = ${id} order by key`,
    );
    const [row] = await t.database.db.select().from(persons).where(eq(persons.id, id));
    return { stored: rows.map((r) => r.key), due: blockingKeys(linkRecordOf(row!)).sort() };
  }

  it('finds the survivor by what it took from the duplicate, and not after the merge is undone', async () => {
    const cccd = makeCccd('083', 'female', 1992, 700_123);
    // Registered from a household list by name only; her test registration carried the rest.
    const [named, full] = await addPeople(t.database, [
      { fullName: 'Lâm Thị Ngọc Hân', communeCode: '28756' },
      {
        fullName: 'Lâm Thị Ngọc Hân',
        dateOfBirth: '1992-03-14',
        cccd,
        phone: '0918700123',
        communeCode: '28759',
      },
    ]);
    const survivorId = named!.personId;
    const duplicateId = full!.personId;
    await t.database.db.transaction((tx) =>
      mergePersons(tx, access, origin, { survivorId, mergedId: duplicateId, automatic: false, reasons: [] }),
    );
    const merged = await keysOf(survivorId);
    expect(merged.stored).toEqual(merged.due);
    expect(merged.stored).toEqual(expect.arrayContaining([`cccd:${cccd}`, 'phone:0918700123']));

    // A vaccination list from another commune with her CCCD and phone: the survivor, no new person.
    const [later] = await addPeople(t.database, [
      {
        fullName: 'Lâm Thị Ngọc Hân',
        dateOfBirth: '1992-03-14',
        cccd,
        phone: '0918700123',
        communeCode: '28801',
      },
    ]);
    expect(later).toMatchObject({ decision: 'merged', matchedId: survivorId });

    await t.database.db.transaction((tx) =>
      unmergePerson(tx, access, origin, duplicateId, () => Promise.resolve(true)),
    );
    const undone = await keysOf(survivorId);
    expect(undone.stored).toEqual(undone.due);
    expect(undone.stored.some((k) => k.startsWith('cccd:') || k.startsWith('phone:'))).toBe(false);
  });
});
