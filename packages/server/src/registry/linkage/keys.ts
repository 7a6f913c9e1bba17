/**
 * Keeping a person's blocking keys true to the person. Linkage finds candidates only through
 * `person_blocking_keys`, so every write that changes a field a key is made of (name, date of
 * birth, CCCD, CMND, passport, phone, commune) must replace the keys of the old values by those of
 * the new ones, in the same transaction: a stale key finds the person by a value they no longer
 * carry, and a missing one misses them by the value they now carry. The table is keyed by
 * (key, person_id) and has no index on `person_id`, so the old keys are recomputed from the row as
 * it was and deleted by primary key.
 */
import { blockingKeys } from '@epilink/core';
import type { LinkRecord } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { personBlockingKeys } from '../../db/schema/index.ts';
import type { persons } from '../../db/schema/index.ts';

/** The person fields the keys are made of, as a row holds them. */
export type KeyedPerson = Pick<
  typeof persons.$inferSelect,
  | 'id'
  | 'fullName'
  | 'dateOfBirth'
  | 'sex'
  | 'cccd'
  | 'cmnd'
  | 'passport'
  | 'phone'
  | 'communeCode'
  | 'address'
>;

/** A person row as linkage reads it. */
export function linkRecordOf(p: KeyedPerson): LinkRecord {
  return {
    id: p.id,
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    cccd: p.cccd,
    cmnd: p.cmnd,
    passport: p.passport,
    phone: p.phone,
    communeCode: p.communeCode,
    address: p.address,
  };
}

/** One person's change: the row before the write and after it. */
export interface KeyedChange {
  before: KeyedPerson;
  after: KeyedPerson;
}

/**
 * Replace the keys of each person's old values by those of their new ones, in the caller's
 * transaction (the write's own). Keys both versions share are left alone; nothing is written when
 * no keyed field changed.
 */
export async function refreshBlockingKeys(tx: DbOrTx, changes: readonly KeyedChange[]): Promise<void> {
  const gone: { key: string; personId: string }[] = [];
  const added: { key: string; personId: string }[] = [];
  for (const { before, after } of changes) {
    const old = new Set(blockingKeys(linkRecordOf(before)));
    const now = new Set(blockingKeys(linkRecordOf(after)));
    for (const key of old) if (!now.has(key)) gone.push({ key, personId: before.id });
    for (const key of now) if (!old.has(key)) added.push({ key, personId: after.id });
  }
  if (gone.length > 0) {
    await tx.execute(sql`delete from ${personBlockingKeys} k
      using jsonb_to_recordset(${JSON.stringify(gone)}::jsonb) as g(key text, "personId" uuid)
      where k.key = g.key and k.person_id = g."personId"`);
  }
  await bulkInsert(tx, personBlockingKeys, added, { onConflictDoNothing: true });
}

/**
 * After people moved commune by a statement of their own (a commune re-homed by the unit reform,
 * registry/units/rehome.ts and reviews.ts), move their `nf:<name>:<commune>` keys from the old
 * commune code to the new one, in ONE statement for any number of people (a province holds
 * 1.29 M): the keys ending in a moved commune's old code of a person now in its new commune are
 * deleted and inserted with the new code. `moves` is a query of `(old_code, new_code)` rows;
 * `people`, when given, narrows the persons looked at (a condition on `p`, the persons row).
 * Returns the number of keys moved.
 */
export async function moveCommuneKeys(tx: DbOrTx, moves: SQL, people: SQL = sql`true`): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with gone as (
          delete from ${personBlockingKeys} k
          using persons p, ${moves} m
          where k.key like 'nf:%' and substring(k.key from ':([^:]*)$') = m.old_code
            and m.old_code <> m.new_code and p.id = k.person_id and p.commune_code = m.new_code
            and ${people}
          returning k.person_id, left(k.key, length(k.key) - length(m.old_code)) || m.new_code as key),
        added as (
          insert into ${personBlockingKeys} (key, person_id) select key, person_id from gone
          on conflict do nothing returning 1)
        select (select count(*) from gone)::int as n`,
  );
  return rows[0]?.n ?? 0;
}
