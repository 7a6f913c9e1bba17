/**
 * Generating, storing and reading sitreps (issue #13 item 9). `generateSitrep` reads the
 * indicators (caller's jurisdiction: a unit outside it is 404), renders the PDF and the workbook,
 * and stores them with the headline figures in `sitreps`. Lists and downloads are scoped with
 * `scopeFor` over the row's province/district columns (deny by default).
 */
import { AppError, positivityPct, round1 } from '@epilink/core';
import type { Language } from '@epilink/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, healthAreas, sitreps } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { loadSitrepData } from './data.ts';
import { per100k } from './map.ts';
import { inlineRenderer } from './render-thread.ts';
import type { SitrepRenderer } from './render-thread.ts';
import type { SitrepData, SitrepHeadline } from './types.ts';

/** The disease a sitrep reports unless asked otherwise. */
export const SITREP_DEFAULT_DISEASE = 'COVID-19';

/** A stored sitrep without its files. */
export interface SitrepSummary {
  id: string;
  unitCode: string;
  unitName: string;
  day: string;
  disease: string;
  lang: string;
  kind: 'scheduled' | 'on-demand';
  generatedAt: Date;
  headline: SitrepHeadline;
}

/** The headline numbers of a sitrep's data. */
export function headlineOf(d: SitrepData): SitrepHeadline {
  const cases7 = d.series.casesByReport.slice(-7).reduce((s, n) => s + n, 0);
  const rate = per100k(cases7, d.unit.population);
  const pos = positivityPct(d.today);
  return {
    unitCode: d.unit.code,
    unitName: d.unit.name,
    day: d.day,
    disease: d.disease,
    figures: d.today,
    yesterday: d.yesterday,
    positivityPct: pos === null ? null : round1(pos),
    cases7,
    cases7Per100k: rate === null ? null : round1(rate),
    changes: d.changes,
  };
}

/**
 * The row's jurisdiction columns: a district or health area report carries its code as
 * `district_code` (a district-level official sees it), a province report neither. Sitreps are of
 * the province and its districts or areas only; a commune is refused.
 */
function placeOf(d: SitrepData): { districtCode: string | null; communeCode: null } {
  if (d.unit.level === 'district' || d.unit.level === 'area')
    return { districtCode: d.unit.code, communeCode: null };
  if (d.unit.level === 'province') return { districtCode: null, communeCode: null };
  throw new AppError('VALIDATION_FAILED', {
    details: [{ path: 'unitCode', messageKey: 'sitrep.errors.notReportUnit' }],
  });
}

/**
 * Generate and store a sitrep. A scheduled one is written once per unit, day and disease (a
 * unique index: another process that got there first wins; then null is returned).
 */
export async function generateSitrep(
  db: DbOrTx,
  access: Access,
  q: {
    unitCode: string;
    day: string;
    lang?: Language;
    disease?: string;
    kind?: 'scheduled' | 'on-demand';
    now?: Date;
    /** Where the files are drawn (render-thread.ts); inline unless the caller gives a thread. */
    renderer?: SitrepRenderer;
  },
): Promise<SitrepSummary | null> {
  const lang = q.lang ?? 'vi';
  const disease = q.disease ?? SITREP_DEFAULT_DISEASE;
  const kind = q.kind ?? 'on-demand';
  const generatedAt = q.now ?? new Date();
  const provinceCode = await provinceOf(db, q.unitCode, q.day);
  const data = await loadSitrepData(db, access, {
    unitCode: q.unitCode,
    day: q.day,
    disease,
    lang,
    generatedAt,
    provinceCode,
  });
  const { pdf, xlsx } = await (q.renderer ?? inlineRenderer).render(data);
  const headline = headlineOf(data);
  const [row] = await db
    .insert(sitreps)
    .values({
      unitCode: data.unit.code,
      unitName: data.unit.name,
      provinceCode,
      ...placeOf(data),
      day: q.day,
      diseaseCode: disease,
      lang,
      kind,
      generatedAt,
      generatedBy: actorId(access),
      headline,
      pdf,
      xlsx,
    })
    .onConflictDoNothing()
    .returning({ id: sitreps.id });
  if (!row) return null;
  return {
    id: row.id,
    unitCode: data.unit.code,
    unitName: data.unit.name,
    day: q.day,
    disease,
    lang,
    kind,
    generatedAt,
    headline,
  };
}

async function provinceOf(db: DbOrTx, code: string, day: string): Promise<string> {
  const [unit] = await db
    .select({ provinceCode: adminUnits.provinceCode })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), unitValidOn(day)))
    .limit(1);
  if (unit) return unit.provinceCode;
  const [area] = await db
    .select({ provinceCode: healthAreas.provinceCode })
    .from(healthAreas)
    .where(eq(healthAreas.code, code));
  if (area) return area.provinceCode;
  throw new AppError('NOT_FOUND');
}

/** The units a province's daily sitreps cover on a day: the province, then its districts or health areas. */
export async function sitrepUnits(db: DbOrTx, provinceCode: string, day: string): Promise<string[]> {
  const districts = await db
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.parentCode, provinceCode), eq(adminUnits.level, 'district'), unitValidOn(day)))
    .orderBy(asc(adminUnits.code));
  const areas = await db
    .select({ code: healthAreas.code })
    .from(healthAreas)
    .where(and(eq(healthAreas.provinceCode, provinceCode), sql`${healthAreas.validFrom} <= ${day}`))
    .orderBy(asc(healthAreas.code));
  // After the reform a province has no districts: its health areas take their place.
  return [provinceCode, ...(districts.length > 0 ? districts : areas).map((r) => r.code)];
}

const summaryColumns = {
  id: sitreps.id,
  unitCode: sitreps.unitCode,
  unitName: sitreps.unitName,
  day: sitreps.day,
  disease: sitreps.diseaseCode,
  lang: sitreps.lang,
  kind: sitreps.kind,
  generatedAt: sitreps.generatedAt,
  headline: sitreps.headline,
};

function scoped(access: Access) {
  return scopeFor(access, {
    provinceCode: sitreps.provinceCode,
    districtCode: sitreps.districtCode,
    communeCode: sitreps.communeCode,
  });
}

const SITREP_KEY: readonly KeyPart[] = [
  { column: sitreps.day, type: 'date' },
  { column: sitreps.generatedAt, type: 'timestamptz' },
  { column: sitreps.id, type: 'uuid' },
];

/**
 * Stored sitreps in the caller's jurisdiction, newest first (optionally of one unit), one keyset
 * page of `limit` after `cursor`: a province stores one per unit and day, years of them.
 */
export async function listSitreps(
  db: DbOrTx,
  access: Access,
  q: { unitCode?: string; limit: number; cursor?: string },
): Promise<{ items: SitrepSummary[]; nextCursor: string | null }> {
  const [k0, k1, k2] = keyText(SITREP_KEY);
  const rows = await db
    .select({ ...summaryColumns, k0: k0!, k1: k1!, k2: k2! })
    .from(sitreps)
    .where(
      and(
        scoped(access),
        q.unitCode ? eq(sitreps.unitCode, q.unitCode) : undefined,
        afterCursor(SITREP_KEY, q.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(SITREP_KEY, 'desc'))
    .limit(q.limit + 1);
  const page = pageOf(rows, q.limit, (r) => [r.k0, r.k1, r.k2]);
  return {
    items: page.items.map(({ k0: _k0, k1: _k1, k2: _k2, ...r }) => ({
      ...r,
      headline: r.headline as SitrepHeadline,
    })),
    nextCursor: page.nextCursor,
  };
}

/** One stored sitrep's file (404 outside the caller's jurisdiction). */
export async function sitrepFile(
  db: DbOrTx,
  access: Access,
  id: string,
  format: 'pdf' | 'xlsx',
): Promise<{ unitCode: string; day: string; bytes: Buffer }> {
  const [row] = await db
    .select({
      unitCode: sitreps.unitCode,
      day: sitreps.day,
      bytes: format === 'pdf' ? sitreps.pdf : sitreps.xlsx,
    })
    .from(sitreps)
    .where(and(eq(sitreps.id, id), scoped(access)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}
