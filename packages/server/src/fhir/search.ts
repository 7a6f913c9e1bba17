/**
 * FHIR read and search over EpiLink's tables, each type with the caller's jurisdiction applied in
 * the query (`scopeFor`; reference data — sites, facilities, questionnaires — is not personal and
 * not scoped). A page is `_count` rows from `_offset` in id order (one more row is read to know
 * whether there is a next page).
 */
import { foldText, localDayStart } from '@epilink/core';
import type { Resource } from '@medplum/fhirtypes';
import { and, asc, eq, gte, ilike, isNull, lt, sql } from 'drizzle-orm';
import type { AnyColumn, SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  cases,
  declarations,
  facilities,
  persons,
  questionnaires,
  specimens,
  testRegistrations,
  testResults,
  testSites,
  vaccinationDoses,
  vaccineLots,
} from '../db/schema/index.ts';
import * as map from './mappers.ts';
import type { DateBound, SearchQuery } from './params.ts';
import { dateBound, isId, referenceId, token } from './params.ts';
import { COVID19_SNOMED, SYSTEMS, TEST_LOINC } from './systems.ts';

/** The resource types EpiLink serves. */
export const FHIR_TYPES = [
  'Patient',
  'Immunization',
  'Observation',
  'Specimen',
  'DiagnosticReport',
  'Condition',
  'Encounter',
  'Location',
  'Organization',
  'Questionnaire',
  'QuestionnaireResponse',
] as const;
export type FhirType = (typeof FHIR_TYPES)[number];

/** Search parameters each type supports (the CapabilityStatement lists them). */
export const SEARCH_PARAMS: Record<FhirType, readonly string[]> = {
  Patient: ['_id', 'identifier', 'name', 'birthdate'],
  Immunization: ['_id', 'patient', 'date', 'code'],
  Observation: ['_id', 'patient', 'date', 'code'],
  Specimen: ['_id', 'patient', 'date', 'identifier'],
  DiagnosticReport: ['_id', 'patient', 'date', 'code'],
  Condition: ['_id', 'patient', 'date', 'code'],
  Encounter: ['_id', 'patient', 'date'],
  Location: ['_id', 'name'],
  Organization: ['_id', 'name', 'identifier'],
  Questionnaire: ['_id', 'name'],
  QuestionnaireResponse: ['_id', 'patient', 'date'],
};

/** Types whose rows are personal data (reads audited, one row per person). */
export const PERSONAL: ReadonlySet<FhirType> = new Set([
  'Patient',
  'Immunization',
  'Observation',
  'Specimen',
  'DiagnosticReport',
  'Condition',
  'Encounter',
  'QuestionnaireResponse',
]);

/** A found resource with the person it is about (for the audit trail). */
export interface Found {
  resource: Resource;
  personId: string | null;
}

const NONE = sql`false`;

/** A date bound on a column (`date` columns compare days; timestamps from the province's local midnight). */
function onDate(col: AnyColumn, b: DateBound, timestamp: boolean): SQL {
  const at = (v: string) => (timestamp && v.length === 10 ? localDayStart(v) : timestamp ? new Date(v) : v);
  const from = at(b.from);
  const to = at(b.to);
  switch (b.op) {
    case 'eq':
      return and(gte(col, from), lt(col, to))!;
    case 'ge':
      return gte(col, from);
    case 'gt':
      return gte(col, to);
    case 'le':
      return lt(col, to);
    case 'lt':
      return lt(col, from);
  }
}

function dates(q: SearchQuery, param: 'date' | 'birthdate', col: AnyColumn, timestamp: boolean): SQL[] {
  return (q[param] ?? []).map((v) => onDate(col, dateBound(v, param), timestamp));
}

/** `_id` and `patient` conditions (a malformed id matches nothing). */
function idAndPatient(q: SearchQuery, idCol: AnyColumn, personCol: AnyColumn | null): SQL[] {
  const out: SQL[] = [];
  if (q._id !== undefined) out.push(isId(q._id) ? eq(idCol, q._id) : NONE);
  if (q.patient !== undefined) {
    const id = referenceId(q.patient, 'Patient');
    out.push(personCol && isId(id) ? eq(personCol, id) : NONE);
  }
  return out;
}

/** The test type of a LOINC `code` parameter (null: no code given; 'none': matches nothing). */
function testTypeOf(code: string | undefined): 'rtPcr' | 'rapidAntigen' | null | 'none' {
  if (code === undefined) return null;
  const { system, value } = token(code);
  if (system !== null && system !== SYSTEMS.loinc) return 'none';
  if (value === TEST_LOINC.rtPcr.code) return 'rtPcr';
  if (value === TEST_LOINC.rapidAntigen.code) return 'rapidAntigen';
  return 'none';
}

type Runner = (db: DbOrTx, access: Access, q: SearchQuery, limit: number) => Promise<Found[]>;

const patients: Runner = async (db, access, q, limit) => {
  const where = [scopeFor(access, persons), isNull(persons.mergedInto), ...idAndPatient(q, persons.id, null)];
  if (q.identifier !== undefined) {
    const { system, value } = token(q.identifier);
    const cols = new Map<string, AnyColumn>([
      [SYSTEMS.cccd, persons.cccd],
      [SYSTEMS.cmnd, persons.cmnd],
      [SYSTEMS.passport, persons.passport],
    ]);
    const col = system === null ? null : cols.get(system);
    if (system === null)
      where.push(
        sql`(${persons.cccd} = ${value} or ${persons.cmnd} = ${value} or ${persons.passport} = ${value})`,
      );
    else where.push(col ? eq(col, value) : NONE);
  }
  if (q.name !== undefined)
    where.push(ilike(persons.nameKey, `%${foldText(q.name).replace(/[%_\\]/g, '')}%`));
  where.push(...dates(q, 'birthdate', persons.dateOfBirth, false));
  const rows = await db
    .select()
    .from(persons)
    .where(and(...where))
    .orderBy(asc(persons.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((p) => ({ resource: map.toPatient(p), personId: p.id }));
};

function results(kind: 'Observation' | 'DiagnosticReport'): Runner {
  return async (db, access, q, limit) => {
    const type = testTypeOf(q.code);
    if (type === 'none') return [];
    const where = [
      scopeFor(access, testResults),
      ...idAndPatient(q, testResults.id, testResults.personId),
      ...dates(q, 'date', testResults.sampledAt, true),
      ...(type ? [eq(testResults.testType, type)] : []),
    ];
    const rows = await db
      .select()
      .from(testResults)
      .where(and(...where))
      .orderBy(asc(testResults.id))
      .limit(limit)
      .offset(q._offset);
    const toResource = kind === 'Observation' ? map.toObservation : map.toDiagnosticReport;
    return rows.map((r) => ({ resource: toResource(r), personId: r.personId }));
  };
}

const specimenSearch: Runner = async (db, access, q, limit) => {
  const where = [
    scopeFor(access, specimens),
    ...idAndPatient(q, specimens.id, specimens.personId),
    ...dates(q, 'date', specimens.collectedAt, true),
  ];
  if (q.identifier !== undefined) where.push(eq(specimens.barcode, token(q.identifier).value));
  const rows = await db
    .select()
    .from(specimens)
    .where(and(...where))
    .orderBy(asc(specimens.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((s) => ({ resource: map.toSpecimen(s), personId: s.personId }));
};

const conditions: Runner = async (db, access, q, limit) => {
  const where = [
    scopeFor(access, cases),
    ...idAndPatient(q, cases.id, cases.personId),
    ...dates(q, 'date', cases.createdAt, true),
  ];
  if (q.code !== undefined) {
    const { system, value } = token(q.code);
    if ((system !== null && system !== SYSTEMS.snomed) || value !== COVID19_SNOMED.code) return [];
    where.push(eq(cases.diseaseCode, 'COVID-19'));
  }
  const rows = await db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(asc(cases.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((c) => ({ resource: map.toCondition(c), personId: c.personId }));
};

const immunizations: Runner = async (db, access, q, limit) => {
  const where = [
    scopeFor(access, vaccinationDoses),
    ...idAndPatient(q, vaccinationDoses.id, vaccinationDoses.personId),
    ...dates(q, 'date', vaccinationDoses.date, false),
  ];
  if (q.code !== undefined) where.push(eq(vaccinationDoses.productCode, token(q.code).value));
  const rows = await db
    .select({ d: vaccinationDoses, lot: vaccineLots.lotNumber })
    .from(vaccinationDoses)
    .leftJoin(vaccineLots, eq(vaccineLots.id, vaccinationDoses.lotId))
    .where(and(...where))
    .orderBy(asc(vaccinationDoses.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((r) => ({ resource: map.toImmunization(r.d, r.lot), personId: r.d.personId }));
};

const encounters: Runner = async (db, access, q, limit) => {
  const where = [
    scopeFor(access, testRegistrations),
    ...idAndPatient(q, testRegistrations.id, testRegistrations.personId),
    ...dates(q, 'date', testRegistrations.createdAt, true),
  ];
  const rows = await db
    .select()
    .from(testRegistrations)
    .where(and(...where))
    .orderBy(asc(testRegistrations.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((r) => ({ resource: map.toEncounter(r), personId: r.personId }));
};

const responses: Runner = async (db, access, q, limit) => {
  const where = [
    scopeFor(access, declarations),
    ...idAndPatient(q, declarations.id, declarations.personId),
    ...dates(q, 'date', declarations.day, false),
  ];
  const rows = await db
    .select()
    .from(declarations)
    .where(and(...where))
    .orderBy(asc(declarations.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((d) => ({ resource: map.toQuestionnaireResponse(d), personId: d.personId }));
};

const nameLike = (col: AnyColumn, name: string | undefined) =>
  name === undefined ? [] : [ilike(col, `%${name.replace(/[%_\\]/g, '')}%`)];

const locations: Runner = async (db, _access, q, limit) => {
  const where = [...idAndPatient(q, testSites.id, null), ...nameLike(testSites.name, q.name)];
  const rows = await db
    .select()
    .from(testSites)
    .where(and(...where))
    .orderBy(asc(testSites.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((s) => ({ resource: map.toLocation(s), personId: null }));
};

const organizations: Runner = async (db, _access, q, limit) => {
  const where = [...idAndPatient(q, facilities.id, null), ...nameLike(facilities.name, q.name)];
  if (q.identifier !== undefined) where.push(eq(facilities.unitCode, token(q.identifier).value));
  const rows = await db
    .select()
    .from(facilities)
    .where(and(...where))
    .orderBy(asc(facilities.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((f) => ({ resource: map.toOrganization(f), personId: null }));
};

const questionnaireSearch: Runner = async (db, _access, q, limit) => {
  const where = [...idAndPatient(q, questionnaires.id, null), ...nameLike(questionnaires.kind, q.name)];
  const rows = await db
    .select()
    .from(questionnaires)
    .where(and(...where))
    .orderBy(asc(questionnaires.id))
    .limit(limit)
    .offset(q._offset);
  return rows.map((r) => ({ resource: map.toQuestionnaire(r), personId: null }));
};

const RUNNERS: Record<FhirType, Runner> = {
  Patient: patients,
  Immunization: immunizations,
  Observation: results('Observation'),
  Specimen: specimenSearch,
  DiagnosticReport: results('DiagnosticReport'),
  Condition: conditions,
  Encounter: encounters,
  Location: locations,
  Organization: organizations,
  Questionnaire: questionnaireSearch,
  QuestionnaireResponse: responses,
};

/** One page of a search; `more` when another page follows. */
export async function searchType(
  db: DbOrTx,
  access: Access,
  type: FhirType,
  q: SearchQuery,
): Promise<{ found: Found[]; more: boolean }> {
  const rows = await RUNNERS[type](db, access, q, q._count + 1);
  return { found: rows.slice(0, q._count), more: rows.length > q._count };
}

/** One resource by id inside the caller's jurisdiction, or null. */
export async function readOne(db: DbOrTx, access: Access, type: FhirType, id: string): Promise<Found | null> {
  if (!isId(id)) return null;
  const [found] = await RUNNERS[type](db, access, { _id: id, _count: 1, _offset: 0 }, 1);
  return found ?? null;
}
