/**
 * EpiLink rows → FHIR R4 resources (types from `@medplum/fhirtypes`). Each mapper is the FHIR
 * presenter of its table: only what it writes leaves the server (ids and codes, names only on
 * Patient). Every produced type is validated against the R4 schema in fhir.test.ts.
 */
import type {
  Condition,
  DiagnosticReport,
  Encounter,
  Identifier,
  Immunization,
  Location,
  Observation,
  Organization,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  Specimen,
} from '@medplum/fhirtypes';
import type {
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
} from '../db/schema/index.ts';
import { COVID19_SNOMED, OUTCOME_SNOMED, SYSTEMS, TEST_LOINC } from './systems.ts';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

const instant = (d: Date) => d.toISOString();

/** The identifiers of a person (CCCD, CMND, passport), each under its system. */
export function personIdentifiers(p: Pick<Row<typeof persons>, 'cccd' | 'cmnd' | 'passport'>): Identifier[] {
  const ids: Identifier[] = [];
  if (p.cccd) ids.push({ use: 'official', system: SYSTEMS.cccd, value: p.cccd });
  if (p.cmnd) ids.push({ use: 'old', system: SYSTEMS.cmnd, value: p.cmnd });
  if (p.passport) ids.push({ use: 'official', system: SYSTEMS.passport, value: p.passport });
  return ids;
}

/** A person as a Patient (the name as stored, with diacritics; the family name is the first word). */
export function toPatient(p: Row<typeof persons>): Patient {
  const words = p.fullName.split(/\s+/).filter((w) => w.length > 0);
  const patient: Patient = {
    resourceType: 'Patient',
    id: p.id,
    meta: { lastUpdated: instant(p.updatedAt), versionId: String(p.version) },
    identifier: personIdentifiers(p),
    active: p.mergedInto === null,
    name: [{ use: 'official', text: p.fullName, family: words[0], given: words.slice(1) }],
  };
  if (p.sex) patient.gender = p.sex;
  if (p.dateOfBirth) patient.birthDate = p.dateOfBirth;
  if (p.phone) patient.telecom = [{ system: 'phone', value: p.phone, use: 'mobile' }];
  const unit = p.communeCode ?? p.districtCode ?? p.provinceCode;
  patient.address = [
    {
      use: 'home',
      ...(p.address ? { text: p.address } : {}),
      ...(p.districtCode ? { district: p.districtCode } : {}),
      state: p.provinceCode,
      country: 'VN',
      extension: [{ url: SYSTEMS.adminUnit, valueCode: unit }],
    },
  ];
  if (p.mergedInto) patient.link = [{ other: { reference: `Patient/${p.mergedInto}` }, type: 'replaced-by' }];
  return patient;
}

const testCode = (type: 'rtPcr' | 'rapidAntigen') => ({
  coding: [{ system: SYSTEMS.loinc, ...TEST_LOINC[type] }],
});

/** A test result as an Observation (value: SNOMED positive/negative/invalid; Ct as a component). */
export function toObservation(r: Row<typeof testResults>): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    id: r.id,
    status: 'final',
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'laboratory' }] }],
    code: testCode(r.testType),
    subject: { reference: `Patient/${r.personId}` },
    effectiveDateTime: instant(r.sampledAt),
    issued: instant(r.resultedAt),
    valueCodeableConcept: { coding: [{ system: SYSTEMS.snomed, ...OUTCOME_SNOMED[r.outcome] }] },
    specimen: { reference: `Specimen/${r.specimenId}` },
  };
  if (r.ct !== null)
    obs.component = [
      {
        code: { coding: [{ system: SYSTEMS.epilink, code: 'ct', display: 'Cycle threshold' }] },
        valueQuantity: { value: r.ct },
      },
    ];
  return obs;
}

/** A test result as its DiagnosticReport (conclusion coded, the Observation as its result). */
export function toDiagnosticReport(r: Row<typeof testResults>): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    id: r.id,
    status: 'final',
    code: testCode(r.testType),
    subject: { reference: `Patient/${r.personId}` },
    effectiveDateTime: instant(r.sampledAt),
    issued: instant(r.resultedAt),
    specimen: [{ reference: `Specimen/${r.specimenId}` }],
    result: [{ reference: `Observation/${r.id}` }],
    conclusionCode: [{ coding: [{ system: SYSTEMS.snomed, ...OUTCOME_SNOMED[r.outcome] }] }],
  };
}

const SPECIMEN_STATUS = {
  collected: 'available',
  resulted: 'unavailable',
  recalled: 'unavailable',
  rejected: 'unsatisfactory',
} as const;

/** A specimen (its barcode as identifier). */
export function toSpecimen(s: Row<typeof specimens>): Specimen {
  return {
    resourceType: 'Specimen',
    id: s.id,
    identifier: [{ system: SYSTEMS.specimenBarcode, value: s.barcode }],
    status: SPECIMEN_STATUS[s.status],
    type: { coding: [{ system: SYSTEMS.snomed, code: '258500001', display: 'Nasopharyngeal swab' }] },
    subject: { reference: `Patient/${s.personId}` },
    collection: { collectedDateTime: instant(s.collectedAt) },
  };
}

const VERIFICATION = {
  suspected: 'provisional',
  probable: 'provisional',
  confirmed: 'confirmed',
  discarded: 'refuted',
} as const;

/** A case as a Condition (COVID-19; verification from the classification). */
export function toCondition(c: Row<typeof cases>): Condition {
  const condition: Condition = {
    resourceType: 'Condition',
    id: c.id,
    clinicalStatus: {
      coding: [{ system: SYSTEMS.conditionClinical, code: c.status === 'open' ? 'active' : 'resolved' }],
    },
    verificationStatus: {
      coding: [{ system: SYSTEMS.conditionVerification, code: VERIFICATION[c.classification] }],
      text: c.classification,
    },
    code: { coding: [{ system: SYSTEMS.snomed, ...COVID19_SNOMED }], text: c.diseaseCode },
    subject: { reference: `Patient/${c.personId}` },
    recordedDate: instant(c.createdAt),
  };
  if (c.onsetDate) condition.onsetDateTime = c.onsetDate;
  if (c.outcomeDate && c.status === 'closed') condition.abatementDateTime = c.outcomeDate;
  return condition;
}

/** A dose as an Immunization (voided doses are `entered-in-error`). */
export function toImmunization(d: Row<typeof vaccinationDoses>, lotNumber: string | null): Immunization {
  const eu = d.productCode.startsWith('EU/');
  const imm: Immunization = {
    resourceType: 'Immunization',
    id: d.id,
    status: d.voidedAt ? 'entered-in-error' : 'completed',
    vaccineCode: {
      coding: [{ system: eu ? SYSTEMS.euProduct : SYSTEMS.vaccineProduct, code: d.productCode }],
    },
    patient: { reference: `Patient/${d.personId}` },
    occurrenceDateTime: d.date,
    recorded: instant(d.createdAt),
    primarySource: true,
    location: { reference: `Organization/${d.facilityId}`, type: 'Organization' },
    performer: [{ actor: { reference: `Organization/${d.facilityId}` } }],
    protocolApplied: [
      {
        series: d.doseKind,
        doseNumberPositiveInt: d.doseNumber,
        targetDisease: [{ coding: [{ system: SYSTEMS.snomed, ...COVID19_SNOMED }] }],
      },
    ],
  };
  if (lotNumber) imm.lotNumber = lotNumber;
  return imm;
}

const ENCOUNTER_STATUS = {
  booked: 'planned',
  collected: 'finished',
  cancelled: 'cancelled',
  no_show: 'cancelled',
} as const;

/** A test registration (a visit to a test site) as an ambulatory Encounter. */
export function toEncounter(r: Row<typeof testRegistrations>): Encounter {
  return {
    resourceType: 'Encounter',
    id: r.id,
    status: ENCOUNTER_STATUS[r.status],
    class: { system: SYSTEMS.actCode, code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [{ system: SYSTEMS.loinc, ...TEST_LOINC[r.testType] }] }],
    subject: { reference: `Patient/${r.personId}` },
    reasonCode: [{ coding: [{ system: SYSTEMS.epilink, code: `reason-${r.reason}` }], text: r.reason }],
    location: [{ location: { reference: `Location/${r.siteId}` } }],
    period: { start: instant(r.createdAt) },
  };
}

/** A test site as a Location. */
export function toLocation(s: Row<typeof testSites>): Location {
  return {
    resourceType: 'Location',
    id: s.id,
    status: s.active ? 'active' : 'inactive',
    name: s.name,
    mode: 'instance',
    ...(s.address ? { address: { text: s.address, country: 'VN' } } : {}),
    ...(s.facilityId ? { managingOrganization: { reference: `Organization/${s.facilityId}` } } : {}),
  };
}

/** A facility (station, hospital, lab, site) as an Organization. */
export function toOrganization(f: Row<typeof facilities>): Organization {
  return {
    resourceType: 'Organization',
    id: f.id,
    active: f.active,
    name: f.name,
    type: [{ coding: [{ system: SYSTEMS.epilink, code: `facility-${f.kind}` }], text: f.kind }],
    identifier: [{ system: SYSTEMS.adminUnit, value: f.unitCode }],
    ...(f.address ? { address: [{ text: f.address, country: 'VN' }] } : {}),
  };
}

/** A published questionnaire version (its stored FHIR JSON, with the row's id). */
export function toQuestionnaire(q: Row<typeof questionnaires>): Questionnaire {
  return { ...(q.resource as Questionnaire), resourceType: 'Questionnaire', id: q.id };
}

/** A declaration as its QuestionnaireResponse (subject and source: the person). */
export function toQuestionnaireResponse(d: Row<typeof declarations>): QuestionnaireResponse {
  const stored = d.response as QuestionnaireResponse;
  return {
    ...stored,
    resourceType: 'QuestionnaireResponse',
    status: stored.status ?? 'completed',
    id: d.id,
    subject: { reference: `Patient/${d.personId}` },
    authored: stored.authored ?? instant(d.createdAt),
  };
}
