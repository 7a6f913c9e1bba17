import { isAppError } from '@epilink/core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUnits, unitChanges, unitDatasets } from '../../src/db/schema/index.ts';
import type { ChangeRow } from '../../src/registry/units/changes.ts';
import { loadUnitDataset, loadUnitList, readShippedUnitList } from '../../src/registry/units/load.ts';
import { findUnit } from '../../src/registry/units/repository.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

describe('unit lists with real validity, and the reform of 1 July 2025', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    // An official of old Phường 8 (Bến Tre city) signs in before the 2025-07 list is loaded.
    officer = await signInAs(t, 'commune_officer', '28759');
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds Bến Tre communes on dates of the 2021 waves (the 157 communes exist since 1/2/2020)', async () => {
    expect((await findUnit(t.database.db, '28759', '2021-07-15'))?.name).toBe('Phường 8');
    expect((await findUnit(t.database.db, '28759', '2020-02-01'))?.name).toBe('Phường 8');
  });

  it('loads the 2025-07 list with its change table: old lists end on 1/7/2025, the new one has no districts', async () => {
    const { db } = t.database;
    expect(await loadUnitDataset(db, '2025-07')).toBe(34 + 3321);
    expect(await loadUnitDataset(db, '2025-07')).toBe(0); // idempotent
    expect((await findUnit(db, '28759', '2025-06-30'))?.name).toBe('Phường 8');
    expect(await findUnit(db, '28759', '2025-07-01')).toBeNull();
    const phuKhuong = await findUnit(db, '28756', '2025-07-01');
    expect(phuKhuong).toMatchObject({ name: 'Phường Phú Khương', level: 'commune', parentCode: '86' });
    expect((await findUnit(db, '83', '2025-07-01'))?.name).toBeUndefined();
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(unitChanges)
      .where(eq(unitChanges.changeSet, '2025-07'))) as [{ n: number }];
    expect(n).toBe(10583);
  });

  it('an official whose commune closed keeps their session', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: officer.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { jurisdiction: { name: string } } }>().user.jurisdiction.name).toBe('Phường 8');
  });

  it('refuses a next list that contradicts the one in force, naming each problem, and changes nothing', async () => {
    const { db } = t.database;
    const { rows } = readShippedUnitList('2025-07');
    // A commune whose parent is not in the list, and 28756 reused for a commune the old 28756 did not go into.
    const broken = rows.map((r) => (r.code === '29242' ? { ...r, parentCode: '99' } : r));
    const identity: ChangeRow[] = rows
      .filter((r) => r.level === 'commune' && r.code !== '28756')
      .map((r) => ({
        oldProvinceCode: r.provinceCode,
        oldDistrictCode: null,
        oldCode: r.code,
        oldName: r.name,
        newProvinceCode: r.provinceCode,
        newCode: r.code,
        newName: r.name,
        kind: 'whole',
        populationShare: null,
        note: null,
      }));
    identity.push({ ...identity[0]!, oldCode: '28756', oldName: 'Phường Phú Khương', newCode: '28777' });
    const before = await db.select().from(unitDatasets);
    const refused = await loadUnitList(db, {
      dataset: '2027-01',
      validFrom: '2027-01-01',
      rows: broken,
      changes: identity,
      requireChanges: true,
    }).catch((e: unknown) => e);
    expect(isAppError(refused, 'VALIDATION_FAILED')).toBe(true);
    const keys = isAppError(refused) ? refused.details.map((d) => `${d.messageKey}:${d.params?.code}`) : [];
    expect(keys).toContain('registry.units.problems.withoutParent:29242');
    expect(keys).toContain('registry.units.problems.reusedWithoutChange:28756');
    expect(await db.select().from(unitDatasets)).toHaveLength(before.length);
    expect(await db.select().from(adminUnits).where(eq(adminUnits.dataset, '2027-01'))).toHaveLength(0);
    // Without a change table a list that closes communes in force is refused too.
    const noTable = await loadUnitList(db, {
      dataset: '2027-01',
      validFrom: '2027-01-01',
      rows: rows.filter((r) => r.code !== '28858'),
      changes: null,
      requireChanges: true,
    }).catch((e: unknown) => e);
    expect(isAppError(noTable) ? noTable.details.map((d) => d.messageKey) : []).toContain(
      'registry.units.problems.closedWithoutChange',
    );
  });
});
