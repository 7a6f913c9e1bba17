import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { citizenAccess, systemAccess, userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { fixtureUnits, seedRecords } from './fixtures.ts';
import { personRecords } from './records.ts';
import { RECORD_KINDS } from './types.ts';
import type { PersonRecord } from './types.ts';

const official = (level: 'province' | 'commune', code: string): Access =>
  userAccess({
    id: crypto.randomUUID(),
    username: 'hb',
    role: 'commune_officer',
    jurisdiction: { level, code },
  });

describe('personRecords: the timeline seam across every module', () => {
  let t: TestApp;
  let personId = '';
  let otherId = '';
  beforeAll(async () => {
    t = await createTestApp();
    const [p, source, other] = await addPeople(t.database, [
      { fullName: 'Lê Thị Sổ', dateOfBirth: '1988-03-04', sex: 'female' },
      { fullName: 'Nguồn Lây', dateOfBirth: '1970-01-01', sex: 'male' },
      { fullName: 'Người Khác', dateOfBirth: '1999-09-09', sex: 'male', communeCode: '28757' },
    ]);
    personId = p!.personId;
    otherId = other!.personId;
    const units = await fixtureUnits(t.database.db, { province: '83', commune: '28756' });
    await seedRecords(t.database.db, personId, source!.personId, units, 3);
    // A voided dose: officials see it, the citizen does not.
    await t.database.db.execute(sql`update vaccination_doses set voided_at = now()
      where person_id = ${personId}::uuid and dose_number = 3`);
  });
  afterAll(() => t?.close());

  const read = (access: Access, id: string, opts: { limit?: number; before?: string | null } = {}) =>
    t.database.db.transaction((tx) => personRecords(tx, access, id, opts));

  it('pages every kind newest first, with source, enterer and owning unit, and audits each read', async () => {
    const seen: PersonRecord[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const page = await read(official('commune', '28756'), personId, { limit: 7, before });
      seen.push(...page.items);
      before = page.nextCursor;
      pages++;
    } while (before);
    expect(seen).toHaveLength(12 * 3);
    expect(pages).toBe(Math.ceil(36 / 7));
    expect(new Set(seen.map((r) => `${r.kind}:${r.id}`)).size).toBe(36);
    expect(new Set(seen.map((r) => r.kind))).toEqual(new Set(RECORD_KINDS));
    const times = seen.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    const dose = seen.find((r) => r.kind === 'dose' && r.detail.doseNumber === 1);
    expect(dose?.owner).toMatchObject({ kind: 'facility', name: 'Trạm Y tế thử', communeCode: '28756' });
    expect(dose?.source).toBe('entry');
    const result = seen.find((r) => r.kind === 'testResult');
    expect(result).toMatchObject({
      source: 'entry',
      owner: { kind: 'testSite', name: 'Điểm xét nghiệm thử' },
    });
    expect(seen.find((r) => r.kind === 'contact')?.detail).toMatchObject({ exposureType: 'household' });
    expect(seen.some((r) => r.kind === 'dose' && r.detail.voided)).toBe(true);
    const audits = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'person_records' and person_id = ${personId}::uuid`,
    );
    expect(audits[0]?.n).toBe(pages);
  });

  it('gives the citizen their own records (not voided doses), a ward too, and nobody else', async () => {
    const citizen = citizenAccess({ id: crypto.randomUUID(), personId, personIds: [personId] });
    const page = await read(citizen, personId, { limit: 200 });
    expect(page.items.filter((r) => r.kind === 'dose')).toHaveLength(2);
    expect(page.items).toHaveLength(35);
    await expect(read(citizen, otherId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is NOT_FOUND outside the jurisdiction, and for bad ids and cursors refuses cleanly', async () => {
    await expect(read(official('commune', '28757'), personId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read(official('commune', '28756'), 'not-a-uuid')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(read(official('commune', '28756'), personId, { before: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const province = await read(official('province', '83'), personId, { limit: 1 });
    expect(province.items).toHaveLength(1);
  });

  it('follows a merge: the survivor shows the records linked to the merged id', async () => {
    const [dup] = await addPeople(t.database, [{ fullName: 'Bản Trùng', dateOfBirth: '1960-01-01' }]);
    await t.database.db.execute(
      sql`update persons set merged_into = ${personId}::uuid where id = ${dup!.personId}::uuid`,
    );
    await t.database.db.execute(sql`insert into issued_certificates (uvci, person_id, type, kid, qr, summary,
        issued_at, expires_at, province_code, commune_code)
      values ('URN:UVCI:01:VN:MERGED', ${dup!.personId}::uuid, 'v', 'k', 'HC1:y', 'd', now(), now() + interval '1 day',
              '83', '28756')`);
    const bySurvivor = await read(systemAccess('test'), personId, { limit: 1 });
    expect(bySurvivor.items[0]).toMatchObject({ kind: 'certificate', personId: dup!.personId });
    const byMerged = await read(systemAccess('test'), dup!.personId, { limit: 1 });
    expect(byMerged.personId).toBe(personId);
  });
});
