/**
 * Amending a stored result (testing/amend.ts): a negative that was in fact positive makes the case
 * as the lab's entry would have; an impossible Ct is refused and nothing changes; a lab of another
 * district does not find the result.
 */
import { isAppError } from '@epilink/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { userAccess } from '../access/context.ts';
import { COMMUNE_A } from '../cases/test-fixtures.ts';
import { cases, specimens, testResults } from '../db/schema/index.ts';
import { amendResult } from './amend.ts';
import { enterResult } from './results.ts';
import { siteAt, specimenAt } from './test-fixtures.ts';

let labUser = '';
const lab = (district: string) =>
  userAccess({
    id: labUser,
    username: 'lab',
    role: 'lab_technician',
    jurisdiction: { level: 'district', code: district },
  });
const origin = { ip: null };
const link = { correctionRequestId: '00000000-0000-4000-8000-0000000000aa' };

let t: TestApp;
let resultId = '';
let personId = '';

beforeAll(async () => {
  t = await createTestApp();
  labUser = (await signInAs(t, 'lab_technician', '829')).userId;
  const [added] = await addPeople(t.database, [
    { fullName: 'Đặng Văn Sơn', phone: '0912400001', dateOfBirth: '1970-01-01', ...COMMUNE_A },
  ]);
  personId = added!.personId;
  const siteId = await siteAt(t.database.db, COMMUNE_A);
  const s = await specimenAt(t.database.db, personId, COMMUNE_A, { siteId });
  resultId = await t.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(specimens).where(eq(specimens.id, s.id)).for('update');
    const r = await enterResult(
      tx,
      lab('829'),
      origin,
      row!,
      { outcome: 'negative', ct: null, resultedAt: new Date() },
      'vi',
    );
    return r.resultId;
  });
});
afterAll(async () => {
  await t?.close();
});

const amend = (district: string, change: Parameters<typeof amendResult>[4]) =>
  t.database.db.transaction((tx) => amendResult(tx, lab(district), origin, resultId, change, 'vi', link));

describe('amending a result', () => {
  it('refuses an impossible Ct and a lab outside the jurisdiction; nothing changes', async () => {
    const refused = await amend('829', { outcome: 'positive', ct: 99 }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('CT_INVALID');
    const outside = await amend('831', { outcome: 'positive', ct: 20 }).catch((e: unknown) => e);
    expect(isAppError(outside) && outside.code).toBe('NOT_FOUND');
    const [row] = await t.database.db.select().from(testResults).where(eq(testResults.id, resultId));
    expect(row).toMatchObject({ outcome: 'negative', ct: null });
  });

  it('negative → positive: the result changes and the case is made as the lab’s entry would', async () => {
    const done = await amend('829', { outcome: 'positive', ct: 20 });
    expect(done).toMatchObject({ entity: 'test_result', fields: ['outcome', 'ct'] });
    const [c] = await t.database.db.select().from(cases).where(eq(cases.personId, personId));
    expect(c).toMatchObject({ id: done.caseId, classification: 'confirmed', status: 'open' });
    expect(c!.evidence).toEqual([expect.objectContaining({ resultId, outcome: 'positive', ct: 20 })]);
  });
});
