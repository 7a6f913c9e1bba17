/**
 * Candidates are compared as they are stored now: ingest remembers the prepared (folded, parsed)
 * form of the people it adds so that later batches need not prepare them again, but a record
 * corrected after that is prepared afresh (issue #10.12, the speed of linkage).
 */
import { blockingKeysOf, makeCccd, prepareLinkRecord } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { policyInForce } from '../../policy/store.ts';
import { fetchCandidates, linkageReads, narrowKeys } from './candidates.ts';
import { nameCounts } from './frequencies.ts';

const PHU_KHUONG = '28756';

/** Candidates by key as sorted text (`key=id,id`), to compare two lookups. */
const byKeyText = (byKey: Map<string, { id: string }[]>): string[] =>
  [...byKey]
    .map(
      ([k, cs]) =>
        `${k}=${cs
          .map((c) => c.id)
          .sort()
          .join(',')}`,
    )
    .sort();

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

  it('leaves people with another CCCD in the database when every record sharing the key has one, and links as before', async () => {
    const born = { dateOfBirth: '1975-05-06', sex: 'male' as const, communeCode: PHU_KHUONG };
    const cccd = (n: number) => makeCccd('083', 'male', 1975, 500_000 + n);
    // Three Lý men born the same day (one blocking key, the date with the family name): one with
    // his CCCD, one without, one whose CCCD an official typed in after ingest (so his blocking
    // keys have no cccd: key).
    const [withId, withoutId, typedLater] = await addPeople(t.database, [
      { ...born, fullName: 'Lý Văn Tài', cccd: cccd(1) },
      { ...born, fullName: 'Lý Văn Bé' },
      { ...born, fullName: 'Lý Văn Lộc' },
    ]);
    await t.database.db.execute(sql`update persons set cccd = ${cccd(3)} where id = ${typedLater!.personId}`);

    const record = (id: string, n: number | null) =>
      prepareLinkRecord({ id, ...born, fullName: 'Lý Văn Mười', cccd: n === null ? null : cccd(n) });
    const candidatesOf = (records: ReturnType<typeof record>[]) =>
      t.database.db.transaction(async (tx) => {
        const keysOf = records.map(blockingKeysOf);
        const { byKey } = await fetchCandidates(
          tx,
          [...new Set(keysOf.flat())],
          undefined,
          narrowKeys(records, keysOf),
        );
        return new Set([...byKey.values()].flat().map((c) => c.id));
      });
    // A batch whose records all carry a CCCD: the man with another CCCD is not fetched.
    const narrowed = await candidatesOf([record('a', 2), record('b', 3)]);
    expect(narrowed.has(withId!.personId)).toBe(false);
    expect(narrowed.has(withoutId!.personId)).toBe(true);
    expect(narrowed.has(typedLater!.personId)).toBe(true);
    // A record without one in the batch needs every candidate: the keys it shares are not narrowed.
    const open = await candidatesOf([record('a', 2), record('c', null)]);
    expect(open.has(withId!.personId)).toBe(true);

    // Decisions as before: his own CCCD merges into him, the CCCD typed in later too (found by
    // date of birth), another CCCD is a new man.
    const [same, later, other] = await addPeople(t.database, [
      { ...born, fullName: 'Lý Văn Tài', cccd: cccd(1) },
      { ...born, fullName: 'Lý Văn Lộc', cccd: cccd(3) },
      { ...born, fullName: 'Lý Văn Tài', cccd: cccd(4) },
    ]);
    expect(same).toMatchObject({ decision: 'merged', matchedId: withId!.personId });
    expect(later).toMatchObject({ decision: 'merged', matchedId: typedLater!.personId });
    expect(other).toMatchObject({ decision: 'new', matchedId: null });
  });
  it('finds the same candidates by index (a declaration batch) as by the join (more than 2,000 keys, an import)', async () => {
    const born = { dateOfBirth: '1968-08-19', sex: 'female' as const, communeCode: PHU_KHUONG };
    const [kept, gone, survivor] = await addPeople(t.database, [
      { ...born, fullName: 'Đinh Thị Hoa' },
      { ...born, fullName: 'Đinh Thị Huệ' },
      { ...born, fullName: 'Đinh Thị Hương', cccd: makeCccd('083', 'female', 1968, 700_001) },
    ]);
    // A merged record is no candidate, whichever way it is looked up.
    await t.database.db.execute(
      sql`update persons set merged_into = ${survivor!.personId} where id = ${gone!.personId}`,
    );
    const records = [
      prepareLinkRecord({
        id: 'a',
        ...born,
        fullName: 'Đinh Thị Hoa',
        cccd: makeCccd('083', 'female', 1968, 700_002),
      }),
    ];
    const keysOf = records.map(blockingKeysOf);
    const keys = [...new Set(keysOf.flat())];
    const filler = Array.from({ length: 2_001 }, (_, i) => `nm:khong ai ${i}:1900`);
    const lookup = (all: string[], narrowed: boolean) =>
      t.database.db.transaction(async (tx) => {
        const { byKey } = await fetchCandidates(
          tx,
          all,
          undefined,
          narrowed ? narrowKeys(records, keysOf) : undefined,
        );
        return byKeyText(byKey);
      });
    for (const narrowed of [false, true]) {
      const byIndex = await lookup(keys, narrowed);
      expect(byIndex.join(' ')).toContain(kept!.personId);
      expect(byIndex.join(' ')).not.toContain(gone!.personId);
      expect(await lookup([...keys, ...filler], narrowed)).toEqual(byIndex);
    }
  });

  it('reads candidates, name counts and the thresholds in one statement for a small block, as the three reads apart do', async () => {
    const born = { dateOfBirth: '1971-03-27', sex: 'male' as const, communeCode: PHU_KHUONG };
    await addPeople(t.database, [
      { ...born, fullName: 'Cao Văn Lực' },
      { ...born, fullName: 'Cao Văn Lục', cccd: makeCccd('083', 'male', 1971, 710_001) },
      { ...born, fullName: 'Cao Văn Lộc', cccd: makeCccd('083', 'male', 1971, 710_002) },
    ]);
    const records = [
      prepareLinkRecord({
        id: 'a',
        ...born,
        fullName: 'Cao Văn Lực',
        cccd: makeCccd('083', 'male', 1971, 710_003),
      }),
      prepareLinkRecord({ id: 'b', ...born, fullName: 'Cao Văn Lâm' }),
    ];
    const keysOf = records.map(blockingKeysOf);
    const keys = [...new Set(keysOf.flat())];
    const names = records.map((r) => r.nameSet);
    for (const narrow of [{ keys: new Set<string>(), cccds: [] }, narrowKeys(records, keysOf)]) {
      const [together, apart] = await t.database.db.transaction(async (tx) => [
        await linkageReads(tx, keys, undefined, narrow, names, '2026-12-05'),
        {
          candidates: await fetchCandidates(tx, keys, undefined, narrow),
          counts: await nameCounts(tx, names),
          thresholds: await policyInForce(tx, 'linkage.thresholds', '2026-12-05'),
        },
      ]);
      expect(byKeyText(together.byKey)).toEqual(byKeyText(apart.candidates.byKey));
      expect(byKeyText(together.byKey).join(' ')).toContain('nf:');
      expect(together.counts).toEqual(apart.counts);
      expect(together.counts.total).toBeGreaterThanOrEqual(3);
      expect(apart.thresholds?.value).toBeDefined();
      expect(together.thresholds).toEqual(apart.thresholds);
    }
  });
});

describe('the candidate lookup of a small block (linkage_candidates, migration 0077)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The function's statement planned as the function plans it (generic, its plan made once), with
   * `settings` of the function's own: planned while the keys table is nearly empty, then used
   * after 5,000 keys were added (a generic plan is kept until the table is analysed again).
   */
  async function planAfterGrowth(
    personId: string,
    settings: (config: string[]) => string[],
  ): Promise<string> {
    const [fn] = await queryRows<{ body: string; config: string[] }>(
      t.database.db,
      sql`select prosrc as body, proconfig as config from pg_proc where proname = 'linkage_candidates'`,
    );
    const statement = /RETURN QUERY([\s\S]*?);\s*END;/u
      .exec(fn!.body)![1]!
      .replace(/p_keys/gu, '$1')
      .replace(/p_cccds/gu, '$2');
    const plan = await t.database.db.transaction(async (tx) => {
      for (const setting of settings(fn!.config)) {
        const [name, value] = setting.split('=');
        await tx.execute(sql`select set_config(${name}, ${value}, true)`);
      }
      await tx.execute(sql.raw(`prepare candidates_plan_probe(text[], text[]) as ${statement}`));
      await tx.execute(sql.raw(`execute candidates_plan_probe(array['nf:grown 7'], null)`));
      await tx.execute(sql`insert into person_blocking_keys (key, person_id)
        select 'nf:grown ' || g, ${personId}::uuid from generate_series(1, 5000) g`);
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql.raw(`explain (costs off) execute candidates_plan_probe(array['nf:grown 7'], null)`),
      );
      await tx.execute(sql.raw('deallocate candidates_plan_probe'));
      await tx.execute(sql`delete from person_blocking_keys where key like 'nf:grown %'`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    return plan;
  }

  it('reads the keys by index even when its plan was made while the keys table was nearly empty', async () => {
    // A new province: the keys table analysed while empty, one person linked (no autovacuum).
    await t.database.db.execute(sql`analyze person_blocking_keys`);
    const [someone] = await addPeople(t.database, [
      { fullName: 'Lâm Văn Tỷ', dateOfBirth: '1959-01-07', sex: 'male', communeCode: PHU_KHUONG },
    ]);
    const generic = (config: string[]) => config.filter((c) => c.startsWith('plan_cache_mode='));
    // Without the function's pinned settings the plan kept scans the whole keys table...
    expect(await planAfterGrowth(someone!.personId, generic)).toMatch(/Seq Scan on person_blocking_keys/u);
    // ...with them, each key is an index lookup.
    const pinned = await planAfterGrowth(someone!.personId, (config) => config);
    expect(pinned).toMatch(/Index (Only )?Scan (using|on) person_blocking_keys_key_person_id_pk/u);
    expect(pinned).not.toMatch(/Seq Scan|Hash/u);
  });
});
