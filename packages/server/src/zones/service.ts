/**
 * Blockaded zones and testing campaigns (issue #16 items 6–7): an official draws a zone as a list of
 * communes (or districts, expanded to their communes) or as a polygon (communes whose centroid lies
 * inside, core/zones/polygon.ts), every commune inside the caller's jurisdiction. The zone belongs to
 * the smallest unit holding all its communes, so only officials whose jurisdiction contains the
 * whole zone see it (scopeFor; outside: 404). Units are those in force on the zone's start date
 * (records keep the unit of their date). One transaction with the audit row.
 */
import { AppError, communesInPolygon, polygonProblem } from '@epilink/core';
import type { Position } from '@epilink/core/geo/index';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { actorId, actorJurisdiction, placeWithin, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, zoneUnits, zones } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { readBoundaries } from '../map/boundaries.ts';
import { unitValidOn } from '../registry/units/load.ts';

/** What an official submits to draw a zone or a campaign. */
export interface ZoneInput {
  kind: 'blockade' | 'campaign';
  name: string;
  reason: string;
  decisionRef: string;
  startsOn: string;
  diseaseCode?: string | undefined;
  /** Commune or district codes (exactly one of unitCodes / polygon). */
  unitCodes?: string[] | undefined;
  /** A lon/lat ring. */
  polygon?: Position[] | undefined;
  targetPercent?: number | undefined;
}

/** A commune of a zone with its place. */
interface ZoneCommune {
  communeCode: string;
  districtCode: string | null;
  provinceCode: string;
}

function refused(path: string, messageKey: string, params?: Record<string, string | number>): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: [{ path, messageKey, ...(params ? { params } : {}) }],
  });
}

/** The communes in force on the day for the given commune/district codes (unknown codes: 422). */
async function communesOfCodes(db: DbOrTx, codes: readonly string[], onDay: string): Promise<ZoneCommune[]> {
  const rows = await db
    .select({
      code: adminUnits.code,
      level: adminUnits.level,
      parent: adminUnits.parentCode,
      province: adminUnits.provinceCode,
    })
    .from(adminUnits)
    .where(
      and(
        unitValidOn(onDay),
        or(
          inArray(adminUnits.code, [...codes]),
          and(eq(adminUnits.level, 'commune'), inArray(adminUnits.parentCode, [...codes])),
        ),
      ),
    );
  const known = new Set(rows.filter((r) => codes.includes(r.code)).map((r) => r.code));
  const unknown = codes.find((c) => !known.has(c));
  if (unknown !== undefined) throw new AppError('UNKNOWN_CODE', { params: { code: unknown } });
  const provinceGiven = rows.find((r) => codes.includes(r.code) && r.level === 'province');
  if (provinceGiven) throw refused('unitCodes', 'zones.errors.provinceTooWide');
  return rows
    .filter((r) => r.level === 'commune')
    .map((r) => ({
      communeCode: r.code,
      districtCode: r.parent === r.province ? null : r.parent,
      provinceCode: r.province,
    }));
}

/** The communes of the caller's territory whose centroid lies in the ring (loaded boundaries). */
async function communesOfPolygon(
  db: DbOrTx,
  access: Access,
  ring: Position[],
  onDay: string,
): Promise<ZoneCommune[]> {
  const problem = polygonProblem(ring);
  if (problem) throw refused('polygon', `zones.polygon_.${problem}`);
  const j = actorJurisdiction(access);
  if (!j) throw new AppError('FORBIDDEN');
  const [root] = await db
    .select({ province: adminUnits.provinceCode })
    .from(adminUnits)
    .where(eq(adminUnits.code, j.code))
    .limit(1);
  const provinceCode = root?.province ?? j.code.slice(0, 2);
  const boundaries = await readBoundaries(db, {
    provinceCode,
    rootCode: j.code,
    level: 'commune',
    asOf: onDay,
  });
  const withShape = boundaries.features.flatMap((f) =>
    f.geometry ? [{ code: f.properties.code, geometry: f.geometry }] : [],
  );
  const codes = communesInPolygon(ring, withShape);
  if (codes.length === 0)
    throw refused('polygon', withShape.length ? 'zones.polygon_.empty' : 'zones.polygon_.noBoundaries');
  return communesOfCodes(db, codes, onDay);
}

/** The smallest place holding every commune: the commune, their common district, or the province. */
function placeOf(communes: readonly ZoneCommune[]) {
  const first = communes[0]!;
  const provinces = new Set(communes.map((c) => c.provinceCode));
  if (provinces.size > 1) throw refused('unitCodes', 'zones.errors.severalProvinces');
  if (communes.length === 1)
    return {
      provinceCode: first.provinceCode,
      districtCode: first.districtCode,
      communeCode: first.communeCode,
    };
  const districts = new Set(communes.map((c) => c.districtCode));
  const district = districts.size === 1 ? first.districtCode : null;
  return { provinceCode: first.provinceCode, districtCode: district, communeCode: null };
}

/** Draw a zone or campaign in the caller's jurisdiction; returns its id and communes. */
export async function createZone(tx: DbOrTx, access: Access, origin: AuditOrigin, input: ZoneInput) {
  const byUnits = input.unitCodes !== undefined && input.unitCodes.length > 0;
  const byPolygon = input.polygon !== undefined;
  if (byUnits === byPolygon) throw refused('unitCodes', 'zones.errors.unitsOrPolygon');
  const communes = byUnits
    ? await communesOfCodes(tx, [...new Set(input.unitCodes)], input.startsOn)
    : await communesOfPolygon(tx, access, input.polygon!, input.startsOn);
  if (communes.length === 0) throw refused('unitCodes', 'zones.polygon_.empty');
  for (const c of communes)
    if (
      !placeWithin(access, {
        provinceCode: c.provinceCode,
        districtCode: c.districtCode,
        communeCode: c.communeCode,
      })
    )
      throw new AppError('FORBIDDEN');
  const place = placeOf(communes);
  if (!placeWithin(access, place)) throw new AppError('FORBIDDEN');
  const [row] = await tx
    .insert(zones)
    .values({
      kind: input.kind,
      name: input.name,
      reason: input.reason,
      decisionRef: input.decisionRef,
      diseaseCode: input.diseaseCode ?? 'COVID-19',
      startsOn: input.startsOn,
      drawnBy: byUnits ? 'units' : 'polygon',
      polygon: byPolygon ? input.polygon! : null,
      targetPercent: input.kind === 'campaign' ? (input.targetPercent ?? 90) : null,
      ...place,
      createdBy: actorId(access),
    })
    .returning({ id: zones.id });
  await tx
    .insert(zoneUnits)
    .values(
      communes.map((c) => ({ zoneId: row!.id, communeCode: c.communeCode, districtCode: c.districtCode })),
    );
  await writeAudit(tx, access, origin, { action: 'create', entity: 'zone', entityId: row!.id });
  return { id: row!.id, communeCodes: communes.map((c) => c.communeCode).sort() };
}

/** A zone inside the caller's jurisdiction (else NOT_FOUND), with its commune codes. */
export async function zoneInScope(db: DbOrTx, access: Access, id: string) {
  const [zone] = await db
    .select()
    .from(zones)
    .where(and(eq(zones.id, id), scopeFor(access, zones)));
  if (!zone) throw new AppError('NOT_FOUND');
  const units = await db
    .select({ communeCode: zoneUnits.communeCode })
    .from(zoneUnits)
    .where(eq(zoneUnits.zoneId, id))
    .orderBy(asc(zoneUnits.communeCode));
  return { ...zone, communeCodes: units.map((u) => u.communeCode) };
}

const ZONE_KEY: KeyPart[] = [
  { column: zones.createdAt, type: 'timestamptz' },
  { column: zones.id, type: 'uuid' },
];

/** A page of the zones (or campaigns) of the caller's jurisdiction, newest first, optionally by status. */
export async function listZones(
  db: DbOrTx,
  access: Access,
  q: {
    kind: 'blockade' | 'campaign';
    status?: 'active' | 'lifted' | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const [k0, k1] = keyText(ZONE_KEY);
  const rows = await db
    .select({ zone: zones, k0: k0!, k1: k1! })
    .from(zones)
    .where(
      and(
        eq(zones.kind, q.kind),
        q.status ? eq(zones.status, q.status) : undefined,
        scopeFor(access, zones),
        afterCursor(ZONE_KEY, q.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(ZONE_KEY, 'desc'))
    .limit(q.limit + 1);
  const p = pageOf(rows, q.limit, (r) => [r.k0, r.k1]);
  return { items: p.items.map((r) => r.zone), nextCursor: p.nextCursor };
}
