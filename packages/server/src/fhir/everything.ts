/**
 * `Patient/$everything`: a person's records across modules as one searchset Bundle — the Patient,
 * tests (Specimen, Observation, DiagnosticReport), visits (Encounter), cases (Condition), doses
 * (Immunization), declarations (QuestionnaireResponse) and the Organizations and Locations they
 * point to. Records of a person merged into this one are included. Each record table is read with
 * the caller's jurisdiction applied (`scopeFor`), so a record held by another jurisdiction stays
 * there. The health book's seam (`personRecords`, issue #17 items 1–3) had not landed when this was
 * written; the tables are read here directly.
 */
import type { Resource } from '@medplum/fhirtypes';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  cases,
  declarations,
  facilities,
  persons,
  specimens,
  testRegistrations,
  testResults,
  testSites,
  vaccinationDoses,
  vaccineLots,
} from '../db/schema/index.ts';
import * as map from './mappers.ts';

/** Everything about one person in the caller's jurisdiction, or null when the person is not in it. */
export async function patientEverything(
  db: DbOrTx,
  access: Access,
  personId: string,
): Promise<Resource[] | null> {
  const [person] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, personId), isNull(persons.mergedInto), scopeFor(access, persons)));
  if (!person) return null;
  const merged = await db.select({ id: persons.id }).from(persons).where(eq(persons.mergedInto, person.id));
  const ids = [person.id, ...merged.map((m) => m.id)];
  const [results, samples, visits, caseRows, doses, answers] = await Promise.all([
    db
      .select()
      .from(testResults)
      .where(and(inArray(testResults.personId, ids), scopeFor(access, testResults))),
    db
      .select()
      .from(specimens)
      .where(and(inArray(specimens.personId, ids), scopeFor(access, specimens))),
    db
      .select()
      .from(testRegistrations)
      .where(and(inArray(testRegistrations.personId, ids), scopeFor(access, testRegistrations))),
    db
      .select()
      .from(cases)
      .where(and(inArray(cases.personId, ids), scopeFor(access, cases))),
    db
      .select({ d: vaccinationDoses, lot: vaccineLots.lotNumber })
      .from(vaccinationDoses)
      .leftJoin(vaccineLots, eq(vaccineLots.id, vaccinationDoses.lotId))
      .where(and(inArray(vaccinationDoses.personId, ids), scopeFor(access, vaccinationDoses))),
    db
      .select()
      .from(declarations)
      .where(and(inArray(declarations.personId, ids), scopeFor(access, declarations))),
  ]);
  const siteIds = [...new Set(visits.map((v) => v.siteId))];
  const sites = siteIds.length ? await db.select().from(testSites).where(inArray(testSites.id, siteIds)) : [];
  const facilityIds = [
    ...new Set([
      ...doses.map((d) => d.d.facilityId),
      ...sites.flatMap((s) => (s.facilityId ? [s.facilityId] : [])),
    ]),
  ];
  const orgs = facilityIds.length
    ? await db
        .select()
        .from(facilities)
        .where(or(inArray(facilities.id, facilityIds)))
    : [];
  // The records point at the surviving person.
  const own = <T extends { personId: string }>(r: T): T => ({ ...r, personId: person.id });
  return [
    map.toPatient(person),
    ...samples.map((s) => map.toSpecimen(own(s))),
    ...results.map((r) => map.toObservation(own(r))),
    ...results.map((r) => map.toDiagnosticReport(own(r))),
    ...visits.map((v) => map.toEncounter(own(v))),
    ...caseRows.map((c) => map.toCondition(own(c))),
    ...doses.map((d) => map.toImmunization(own(d.d), d.lot)),
    ...answers.map((a) => map.toQuestionnaireResponse(own(a))),
    ...sites.map(map.toLocation),
    ...orgs.map(map.toOrganization),
  ];
}
