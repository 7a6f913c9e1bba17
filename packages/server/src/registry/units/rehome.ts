import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { unitChangeSets } from '../../db/schema/index.ts';
import { moveCommuneKeys } from '../linkage/keys.ts';
import { deriveHealthAreas } from './areas.ts';
import { splitCandidates } from './shares.ts';
import { today } from './today.ts';

/** A table re-homing moves: its commune column, and how its rows are named in the review queue. */
interface Target {
  table: string;
  entity: 'household' | 'person' | 'user' | 'facility' | 'venue' | 'test_site';
  commune: string;
  /** Extra condition on the rows sent to review (null = all). */
  where: string | null;
  /** Also set on a commune move (users: the jurisdiction code of a commune-level account). */
  alsoSet: string[];
}

/** A province official's jurisdiction follows their province. */
const PROVINCE_USER = sql`, jurisdiction_code = case when t.jurisdiction_code = t.province_code then p.new_province_code else t.jurisdiction_code end`;

const TARGETS: readonly Target[] = [
  { table: 'households', entity: 'household', commune: 'commune_code', where: null, alsoSet: [] },
  // People in a household follow it; the others are reviewed one by one.
  { table: 'persons', entity: 'person', commune: 'commune_code', where: 'household_id is null', alsoSet: [] },
  { table: 'venues', entity: 'venue', commune: 'commune_code', where: null, alsoSet: [] },
  { table: 'test_sites', entity: 'test_site', commune: 'commune_code', where: null, alsoSet: [] },
  { table: 'facilities', entity: 'facility', commune: 'unit_code', where: null, alsoSet: [] },
  {
    table: 'users',
    entity: 'user',
    commune: 'commune_code',
    where: null,
    alsoSet: ['jurisdiction_code'],
  },
];

/** What one re-homing did, per table: rows moved and rows sent to review. */
export type RehomeReport = Record<string, { moved: number; review: number; provinceOnly: number }>;

/**
 * Move the current places of a change set's old units to the new ones (the reform's effective
 * date must have come): officials' jurisdictions, venues, facilities, test sites, households and
 * people's current addresses. A commune that went whole moves at once; rows in a divided commune go
 * to the province's review queue with the candidates and the share of people each received; rows
 * placed only by province (a province official, a district-level role) take the new province.
 * District codes are left as they were (there is no district level after 2025-07; a district-level
 * role continues as the health area of the same code, derived here). Records of events (cases,
 * tests, doses, check-ins) are not touched: they keep the unit of their date. Runs once per change
 * set, in the caller's transaction, audited per table. The moved people's blocking keys that
 * carry the commune move with them (linkage/keys.ts#moveCommuneKeys, one statement). Returns null
 * when not due or already done.
 */
export async function rehomeByChangeSet(
  db: DbOrTx,
  access: Access,
  changeSet: string,
): Promise<RehomeReport | null> {
  const [set] = await db
    .select()
    .from(unitChangeSets)
    .where(
      and(
        eq(unitChangeSets.changeSet, changeSet),
        isNull(unitChangeSets.rehomedAt),
        lte(unitChangeSets.effectiveDate, today()),
      ),
    )
    .for('update');
  if (!set) return null;
  await deriveHealthAreas(db, changeSet);
  const whole = sql`(select old_code, min(new_code) as new_code, min(new_province_code) as new_province_code
      from unit_changes where change_set = ${changeSet} and kind = 'whole' and old_code is not null group by old_code)`;
  const split = sql`(select distinct old_code from unit_changes where change_set = ${changeSet} and kind = 'part')`;
  const provinces = sql`(select old_province_code, min(new_province_code) as new_province_code from unit_changes
      where change_set = ${changeSet} and new_province_code is not null
      group by old_province_code having count(distinct new_province_code) = 1)`;
  const candidates = await splitCandidates(db, changeSet);
  const report: RehomeReport = {};
  for (const t of TARGETS) {
    const extra = t.where ? sql.raw(` and t.${t.where}`) : sql``;
    const commune = sql.raw(`t.${t.commune}`);
    // 1. Rows with no commune (or in a divided one): the province alone, where it maps to one.
    const provinceOnly = await queryRows<{ id: string }>(
      db,
      sql`update ${sql.raw(t.table)} t set province_code = p.new_province_code${t.entity === 'user' ? PROVINCE_USER : sql``}
          from ${provinces} p
          where t.province_code = p.old_province_code and t.province_code <> p.new_province_code
            and (${commune} is null or ${commune} in ${split} or length(${commune}) < 5)
          returning t.id::text as id`,
    );
    // 2. Communes that went whole.
    const set2: SQL[] = [sql`${sql.raw(t.commune)} = w.new_code`, sql`province_code = w.new_province_code`];
    for (const c of t.alsoSet) set2.push(sql`${sql.raw(c)} = w.new_code`);
    const moved = await queryRows<{ id: string }>(
      db,
      sql`update ${sql.raw(t.table)} t set ${sql.join(set2, sql`, `)}
          from ${whole} w where ${commune} = w.old_code
          returning t.id::text as id`,
    );
    // The people's name keys carry their commune (`nf:<name>:<commune>`): they move with them,
    // in one statement, or a record entered in the new commune would miss its duplicate.
    if (t.entity === 'person') await moveCommuneKeys(db, whole);
    // 3. Divided communes: one review per row.
    const queued = await queryRows<{ id: string }>(
      db,
      sql`insert into unit_rehoming_reviews (change_set, entity, entity_id, old_code, province_code, candidates)
          select ${changeSet}, ${t.entity}, t.id::text, ${commune}, c.province_code, c.candidates
          from ${sql.raw(t.table)} t
          join (select * from jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb)
                  as x(old_code text, province_code text, candidates jsonb)) c on c.old_code = ${commune}
          where true${extra}
          returning id::text as id`,
    );
    report[t.table] = { moved: moved.length, review: queued.length, provinceOnly: provinceOnly.length };
  }
  await db
    .update(unitChangeSets)
    .set({ rehomedAt: new Date() })
    .where(eq(unitChangeSets.changeSet, changeSet));
  await writeAudit(
    db,
    access,
    { ip: null },
    Object.entries(report).map(([table, counts]) => ({
      action: 'update' as const,
      entity: 'unit_rehoming',
      entityId: changeSet,
      details: { table, ...counts },
    })),
  );
  return report;
}

/** Re-home every loaded change set whose date has come (start-up, after a list is loaded). */
export async function rehomeDue(db: DbOrTx, access: Access): Promise<string[]> {
  const due = await db
    .select({ changeSet: unitChangeSets.changeSet })
    .from(unitChangeSets)
    .where(and(isNull(unitChangeSets.rehomedAt), lte(unitChangeSets.effectiveDate, today())))
    .orderBy(unitChangeSets.effectiveDate);
  const done: string[] = [];
  for (const { changeSet } of due) if (await rehomeByChangeSet(db, access, changeSet)) done.push(changeSet);
  return done;
}
