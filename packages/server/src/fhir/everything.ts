/**
 * `Patient/$everything`: a person's records across every module as a paged searchset Bundle, read
 * through the health book's seam `personRecords` (healthbook/records.ts): the same authorization
 * (the person inside the caller's jurisdiction, else NOT_FOUND; each record under `scopeFor` of its
 * own table), the same merge following (records of a person merged into this one are included,
 * pointing at the survivor), the same keyset order (newest first) and its audit row. The full rows
 * behind a page come in one more statement (rows.ts), so a page costs four statements whatever its
 * size: the person and their merges, the page, the audit row, the rows.
 *
 * Every record kind maps to a resource: declaration → QuestionnaireResponse, check-in → Encounter
 * (field), test registration → Encounter (ambulatory), specimen → Specimen, result → Observation +
 * DiagnosticReport, case → Condition, contact → Observation (exposure), quarantine order →
 * ServiceRequest, quarantine form → Observation (vital signs), dose → Immunization, certificate →
 * DocumentReference, AEFI → AdverseEvent. The first page starts with the Patient; each page
 * includes the Locations (test sites) and Organizations (facilities) its records point to.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { personRecords } from '../healthbook/records.ts';
import type { PersonRecord } from '../healthbook/types.ts';
import * as map from './mappers.ts';
import * as more from './recordMappers.ts';
import { pageRows, rowOf } from './rows.ts';
import type { PageRows } from './rows.ts';

/**
 * Records per page unless `_count` says otherwise, and the most a page holds (FHIR lets the server
 * choose; a page of 1,000 costs less per record than five of 200 — docs/fhir.md).
 */
export const EVERYTHING_PAGE = { default: 100, max: 1000 } as const;

/** One page of `$everything`: resources (`match`, or `include` for what they point to). */
export interface EverythingPage {
  entries: { resource: Resource; mode: 'match' | 'include' }[];
  /** Records on the page (a result gives two resources). */
  records: number;
  nextCursor: string | null;
}

/** The resources of one timeline record (pointing at the surviving person). */
function resourcesOf(r: PersonRecord, page: PageRows, personId: string): Resource[] {
  const own = <T extends { personId: string }>(row: T): T => ({ ...row, personId });
  switch (r.kind) {
    case 'declaration': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toQuestionnaireResponse(own(row))] : [];
    }
    case 'checkin': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toCheckinEncounter(row, personId, r.detail.venue)] : [];
    }
    case 'testRegistration': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toEncounter(own(row))] : [];
    }
    case 'specimen': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toSpecimen(own(row))] : [];
    }
    case 'testResult': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toObservation(own(row)), map.toDiagnosticReport(own(row))] : [];
    }
    case 'case': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toCondition(own(row))] : [];
    }
    case 'contact': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toContactObservation(row, personId)] : [];
    }
    case 'quarantineOrder': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toOrderServiceRequest(row, personId)] : [];
    }
    case 'quarantineForm': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toFormObservation(row, personId)] : [];
    }
    case 'dose': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [map.toImmunization(own(row), page.lots.get(r.id) ?? null)] : [];
    }
    case 'certificate': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toCertificateDocument(row, personId)] : [];
    }
    case 'aefi': {
      const row = rowOf(page, r.kind, r.id);
      return row ? [more.toAefiAdverseEvent(row, personId)] : [];
    }
  }
}

/**
 * One page of everything about a person in the caller's jurisdiction (newest first; `cursor` =
 * the previous page's `nextCursor`). Not visible to the caller → NOT_FOUND (from the seam).
 */
export async function patientEverything(
  db: DbOrTx,
  access: Access,
  personId: string,
  opts: { count?: number; cursor?: string | null; origin: AuditOrigin },
): Promise<EverythingPage> {
  const count = Math.min(Math.max(opts.count ?? EVERYTHING_PAGE.default, 1), EVERYTHING_PAGE.max);
  const records = await personRecords(db, access, personId, {
    limit: count,
    max: EVERYTHING_PAGE.max,
    before: opts.cursor ?? null,
    origin: opts.origin,
  });
  const survivor = records.personId;
  const page = await pageRows(db, records.items, opts.cursor ? null : survivor);
  const entries: EverythingPage['entries'] = [];
  if (page.person) entries.push({ resource: map.toPatient(page.person), mode: 'match' });
  for (const r of records.items)
    for (const resource of resourcesOf(r, page, survivor)) entries.push({ resource, mode: 'match' });
  for (const s of page.sites) entries.push({ resource: map.toLocation(s), mode: 'include' });
  for (const f of page.facilities) entries.push({ resource: map.toOrganization(f), mode: 'include' });
  return { entries, records: records.items.length, nextCursor: records.nextCursor };
}
