/**
 * The linkage thresholds are a dated policy (#16 item 5): a batch is linked with the thresholds in
 * force on its day, so a new version published for a later day changes nothing today, and one in
 * force from today applies to the next batch at once.
 */
import { addDays, localDay } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';

describe('linkage thresholds by their effective date', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Publish thresholds effective from `day` (the store's own table, as the policy editor writes it). */
  const publish = (day: string, value: { match: number; review: number }) =>
    t.database.db
      .execute(sql`insert into policy_rules (key, disease_code, effective_from, value, source, verification)
      values ('linkage.thresholds', null, ${day}::date, ${JSON.stringify(value)}::jsonb,
        ${JSON.stringify({ document: 'test' })}::jsonb, 'unverified')`);

  /** A first record and a second one that agrees on name and date of birth only. */
  const pair = async (n: number) => {
    const who = { fullName: `Võ Thị Ngọc Thủy ${'ABCDE'[n]}`, dateOfBirth: '1993-06-1' + String(n) };
    await addPeople(t.database, [{ ...who, communeCode: '28756' }]);
    const [second] = await addPeople(t.database, [{ ...who, communeCode: '28759', districtCode: '829' }]);
    return second!;
  };

  it('applies a new version from its effective day, not before', async () => {
    const before = await pair(1);
    expect(before.decision).toBe('review');
    // Tomorrow's version lowers the match threshold below this pair's score: not yet.
    await publish(addDays(localDay(), 1), { match: before.score! - 0.01, review: 0.1 });
    expect((await pair(2)).decision).toBe('review');
    // The same version in force from today: the next batch merges such a pair.
    await publish(localDay(), { match: before.score! - 0.01, review: 0.1 });
    expect((await pair(3)).decision).toBe('merged');
  });
});
