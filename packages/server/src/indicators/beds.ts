/**
 * Hospital and ICU beds reported daily by facilities (issue #13 item 1): one row per facility and
 * day, a second report the same day replaces the first (upsert), each report audited in its
 * request's transaction. The rollup follows by the table's trigger.
 */
import { AppError, today } from '@epilink/core';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { actorJurisdiction, actorId, placeWithin } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { facilities, facilityBedReports } from '../db/schema/index.ts';
import { publishIndicatorChange } from '../events/publish.ts';

/** A day's report of one facility. */
export interface BedReportInput {
  facilityId: string;
  day: string;
  bedsTotal: number;
  bedsOccupied: number;
  icuTotal: number;
  icuOccupied: number;
}

/** A facility's place for jurisdiction checks (its unit is a commune, a district or the province). */
function facilityPlace(f: { unitCode: string; districtCode: string | null; provinceCode: string }) {
  return {
    provinceCode: f.provinceCode,
    districtCode: f.districtCode,
    communeCode: f.unitCode.length === 5 ? f.unitCode : null,
  };
}

/** The facilities in the caller's jurisdiction (active), with their latest report. */
export async function bedFacilities(db: DbOrTx, access: Access) {
  const j = actorJurisdiction(access);
  if (!j) return [];
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(eq(facilities.active, true))
    .orderBy(facilities.name);
  const mine = rows.filter((f) => placeWithin(access, facilityPlace(f)));
  const latest =
    mine.length === 0
      ? []
      : await db
          .selectDistinctOn([facilityBedReports.facilityId], {
            facilityId: facilityBedReports.facilityId,
            day: facilityBedReports.day,
            bedsTotal: facilityBedReports.bedsTotal,
            bedsOccupied: facilityBedReports.bedsOccupied,
            icuTotal: facilityBedReports.icuTotal,
            icuOccupied: facilityBedReports.icuOccupied,
          })
          .from(facilityBedReports)
          .where(
            inArray(
              facilityBedReports.facilityId,
              mine.map((f) => f.id),
            ),
          )
          .orderBy(facilityBedReports.facilityId, desc(facilityBedReports.day));
  const byFacility = new Map(latest.map((l) => [l.facilityId, l]));
  return mine.map((f) => {
    const last = byFacility.get(f.id);
    return {
      id: f.id,
      name: f.name,
      kind: f.kind,
      unitCode: f.unitCode,
      latest: last
        ? {
            day: last.day,
            bedsTotal: last.bedsTotal,
            bedsOccupied: last.bedsOccupied,
            icuTotal: last.icuTotal,
            icuOccupied: last.icuOccupied,
          }
        : null,
    };
  });
}

/**
 * Record (or replace) a facility's beds for a day. A facility outside the caller's jurisdiction
 * is not found; occupied beds above the total, or a day after today, are refused.
 */
export async function recordBedReport(
  tx: DbOrTx,
  access: Access,
  input: BedReportInput,
  audit: (entries: AuditEntry | AuditEntry[]) => Promise<void>,
) {
  const [facility] = await tx
    .select({
      id: facilities.id,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(and(eq(facilities.id, input.facilityId), eq(facilities.active, true)));
  if (!facility || !placeWithin(access, facilityPlace(facility))) throw new AppError('NOT_FOUND');
  if (input.day > today()) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'day', messageKey: 'indicators.errors.futureDay' }],
    });
  }
  if (input.bedsOccupied > input.bedsTotal || input.icuOccupied > input.icuTotal) {
    throw new AppError('BED_REPORT_INVALID');
  }
  const place = facilityPlace(facility);
  const values = {
    bedsTotal: input.bedsTotal,
    bedsOccupied: input.bedsOccupied,
    icuTotal: input.icuTotal,
    icuOccupied: input.icuOccupied,
  };
  const [row] = await tx
    .insert(facilityBedReports)
    .values({ facilityId: facility.id, day: input.day, ...values, ...place, reportedBy: actorId(access) })
    .onConflictDoUpdate({
      target: [facilityBedReports.facilityId, facilityBedReports.day],
      set: { ...values, reportedBy: actorId(access), updatedAt: sql`now()` },
    })
    .returning({ day: facilityBedReports.day, updatedAt: facilityBedReports.updatedAt });
  await audit({
    action: 'update',
    entity: 'facility_bed_report',
    entityId: facility.id,
    details: { day: input.day, ...values },
  });
  // Open dashboards of the facility's place refetch their beds when this commits.
  await publishIndicatorChange(tx, facility.id, place);
  return { facilityId: facility.id, day: row!.day, ...values, updatedAt: row!.updatedAt.toISOString() };
}
