/**
 * Testing rounds of a zone or campaign (issue #16 items 6–7): every resident of the zone's communes
 * is registered (testing module, reason `screening`, booked by staff) at a site of the caller's
 * jurisdiction and assigned a pre-labelled pool (core planPools: by household or clusters of N,
 * policy `zone.pooling`, never above `testing.poolMaxSize`). Collection, pool results, recalls and
 * individual results then go through the testing module as for any registration; the round's
 * progress (progress.ts) reads the results. Bulk statements, one transaction, one audit row.
 */
import { AppError, makeBarcode, planPools, roundDatesProblem } from '@epilink/core';
import type { PoolBy } from '@epilink/core';
import { randomInt } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { actorId } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { zoneRounds } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';
import { siteInScope } from '../testing/scope.ts';
import { zoneInScope } from './service.ts';

/** What an official submits to schedule a round. */
export interface RoundInput {
  startsOn: string;
  endsOn: string;
  siteId: string;
  poolBy?: PoolBy | undefined;
  poolSize?: number | undefined;
}

function refused(path: string, messageKey: string, params?: Record<string, string | number>): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: [{ path, messageKey, ...(params ? { params } : {}) }],
  });
}

/** Insert one open pool per barcode at the site; barcodes already taken are drawn again. */
async function insertPools(
  tx: DbOrTx,
  n: number,
  site: { id: string; provinceCode: string; districtCode: string | null; communeCode: string | null },
  diseaseCode: string,
  createdBy: string | null,
): Promise<string[]> {
  const ids: string[] = [];
  for (let attempt = 0; ids.length < n && attempt < 8; attempt++) {
    const barcodes = Array.from({ length: n - ids.length }, () =>
      makeBarcode('pool', randomInt(0, 1_000_000_000)),
    );
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into test_pools (barcode, site_id, disease_code, province_code, district_code, commune_code, created_by)
          select b, ${site.id}::uuid, ${diseaseCode}, ${site.provinceCode}, ${site.districtCode}, ${site.communeCode}, ${createdBy}::uuid
          from unnest(${sql.param(barcodes)}::text[]) with ordinality as x(b, n) order by n
          on conflict do nothing returning id`,
    );
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length < n) throw new AppError('CONFLICT');
  return ids;
}

/** Schedule a round for every resident of the zone: registrations, pools and members in one go. */
export async function scheduleRound(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  input: RoundInput,
) {
  const zone = await zoneInScope(tx, access, zoneId);
  const problem = roundDatesProblem(input, zone);
  if (problem) throw refused(problem === 'lifted' ? 'zone' : 'endsOn', `zones.round_.${problem}`);
  const site = await siteInScope(tx, access, input.siteId);
  const rule = await policyInForce(tx, 'zone.pooling', input.startsOn, zone.diseaseCode);
  const maxRule = await policyInForce(tx, 'testing.poolMaxSize', input.startsOn, zone.diseaseCode);
  const max = maxRule?.value ?? 10;
  const poolBy = input.poolBy ?? rule?.value.defaultBy ?? 'cluster';
  const poolSize = input.poolSize ?? Math.min(rule?.value.clusterSize ?? 10, max);
  if (poolSize > max) throw refused('poolSize', 'zones.round_.poolTooLarge', { max });
  const residents = await queryRows<{ id: string; household_id: string | null; commune_code: string | null }>(
    tx,
    sql`select id, household_id, commune_code from persons
        where commune_code = any(${sql.param(zone.communeCodes)}::text[]) and merged_into is null`,
  );
  if (residents.length === 0) throw refused('zone', 'zones.round_.noResidents');
  const pools = planPools(
    residents.map((r) => ({ personId: r.id, householdId: r.household_id })),
    poolBy,
    poolSize,
  );
  const createdBy = actorId(access);
  const poolIds = await insertPools(tx, pools.length, site, zone.diseaseCode, createdBy);
  const [last] = await tx
    .select({ number: zoneRounds.number })
    .from(zoneRounds)
    .where(eq(zoneRounds.zoneId, zone.id))
    .orderBy(sql`${zoneRounds.number} desc`)
    .limit(1);
  const [round] = await tx
    .insert(zoneRounds)
    .values({
      zoneId: zone.id,
      number: (last?.number ?? 0) + 1,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      poolBy,
      poolSize,
      siteId: site.id,
      memberCount: residents.length,
      poolCount: pools.length,
      createdBy,
    })
    .returning();
  // Set-based: the plan travels as two parallel arrays joined (hash join) to the live residents;
  // one INSERT … SELECT per table, no per-row statements and no `= any(array)` scan.
  const memberIds: string[] = [];
  const memberPools: string[] = [];
  pools.forEach((members, i) => {
    for (const m of members) {
      memberIds.push(m);
      memberPools.push(poolIds[i]!);
    }
  });
  await tx.execute(
    sql`with plan as (
          select * from unnest(${sql.param(memberIds)}::uuid[], ${sql.param(memberPools)}::uuid[]) as a(person_id, pool_id)),
        reg as (
          insert into test_registrations (person_id, site_id, test_type, disease_code, reason, status, registered_via,
            province_code, district_code, commune_code, created_by)
          select p.id, ${site.id}::uuid, 'rtPcr', ${zone.diseaseCode}, 'screening', 'booked', 'staff',
            p.province_code, p.district_code, p.commune_code, ${createdBy}::uuid
          from plan join persons p on p.id = plan.person_id
          returning id, person_id, commune_code)
        insert into zone_round_members (round_id, person_id, registration_id, pool_id, commune_code)
        select ${round!.id}::uuid, reg.person_id, reg.id, plan.pool_id, reg.commune_code
        from reg join plan on plan.person_id = reg.person_id`,
  );
  // One row for the round: its counts, and the personal data it used (who lives where, households).
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'zone_round',
    entityId: round!.id,
    fields: ['communeCode', 'householdId'],
    details: { zoneId: zone.id, registrations: residents.length, pools: pools.length, poolBy, poolSize },
  });
  return round!;
}

/** The rounds of a zone in order. */
export async function zoneRoundsOf(db: DbOrTx, zoneId: string) {
  return db.select().from(zoneRounds).where(eq(zoneRounds.zoneId, zoneId)).orderBy(asc(zoneRounds.number));
}
