/**
 * The person's other records as FHIR R4 (types from `@medplum/fhirtypes`), for
 * `Patient/$everything`: a venue check-in is a field Encounter, a contact (exposure to a case) an
 * exposure Observation, a quarantine or isolation order a ServiceRequest, a daily quarantine form
 * a vital-signs Observation, a certificate a DocumentReference (the signed QR itself is not
 * exported), an AEFI report an AdverseEvent. Codes are LOINC / SNOMED / HL7 where one fits, else
 * EpiLink's own code system. Like mappers.ts, each is the presenter of its table: ids and codes
 * only (no free text, no names). Validated against the R4 schema in schema.test.ts.
 */
import type {
  AdverseEvent,
  DocumentReference,
  Encounter,
  Observation,
  ObservationComponent,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type {
  aefiReports,
  checkins,
  contacts,
  issuedCertificates,
  quarantineForms,
  quarantineOrders,
} from '../db/schema/index.ts';
import { SYSTEMS } from './systems.ts';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

const instant = (d: Date) => d.toISOString();
const own = (code: string, text?: string) => ({
  coding: [{ system: SYSTEMS.epilink, code }],
  ...(text ? { text } : {}),
});
const patient = (personId: string) => ({ reference: `Patient/${personId}` });

/** A check-in at a venue (presence for contact tracing) as a field Encounter. */
export function toCheckinEncounter(
  c: Row<typeof checkins>,
  personId: string,
  venueName: string | null,
  now = new Date(),
): Encounter {
  return {
    resourceType: 'Encounter',
    id: `checkin-${c.id}`,
    status: c.checkedOutAt <= now ? 'finished' : 'in-progress',
    class: { system: SYSTEMS.actCode, code: 'FLD', display: 'field' },
    type: [own(`checkin-${c.method}`)],
    subject: patient(personId),
    period: { start: instant(c.checkedInAt), end: instant(c.checkedOutAt) },
    location: [
      {
        location: {
          identifier: { system: SYSTEMS.venue, value: c.venueId },
          ...(venueName ? { display: venueName } : {}),
        },
      },
    ],
  };
}

const CONTACT_STATUS = { proposed: 'preliminary', confirmed: 'final', dismissed: 'cancelled' } as const;

/** A contact of a case as an exposure Observation (SNOMED exposure to SARS-CoV-2). */
export function toContactObservation(c: Row<typeof contacts>, personId: string): Observation {
  return {
    resourceType: 'Observation',
    id: c.id,
    status: CONTACT_STATUS[c.status],
    category: [own('exposure')],
    code: { coding: [{ system: SYSTEMS.snomed, ...EXPOSURE_SNOMED }], text: c.diseaseCode },
    subject: patient(personId),
    ...(c.exposureDate ? { effectiveDateTime: c.exposureDate } : {}),
    issued: instant(c.createdAt),
    valueCodeableConcept: own(`exposure-${c.exposureType}`, c.exposureType),
    focus: [{ reference: `Condition/${c.caseId}` }],
  };
}

/** SNOMED CT: exposure to SARS-CoV-2 (event). */
export const EXPOSURE_SNOMED = {
  code: '840546002',
  display: 'Exposure to severe acute respiratory syndrome coronavirus 2',
} as const;

const ORDER_STATUS = {
  proposed: 'draft',
  active: 'active',
  released: 'completed',
  cancelled: 'revoked',
} as const;

/** A quarantine, isolation or monitoring order as a ServiceRequest of the commune. */
export function toOrderServiceRequest(o: Row<typeof quarantineOrders>, personId: string): ServiceRequest {
  const based = o.caseId ? `Condition/${o.caseId}` : o.contactId ? `Observation/${o.contactId}` : null;
  return {
    resourceType: 'ServiceRequest',
    id: o.id,
    status: ORDER_STATUS[o.status],
    intent: 'order',
    category: [own(`role-${o.role}`, o.role)],
    code: own(`order-${o.kind}`, o.kind),
    subject: patient(personId),
    occurrencePeriod: { start: o.startDate, end: o.endDate },
    authoredOn: instant(o.createdAt),
    ...(based ? { reasonReference: [{ reference: based }] } : {}),
    ...(o.facilityId ? { locationReference: [{ reference: `Organization/${o.facilityId}` }] } : {}),
  };
}

const VITALS = {
  panel: { code: '85353-1', display: 'Vital signs panel' },
  temperature: { code: '8310-5', display: 'Body temperature' },
  spo2: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
  pulse: { code: '8867-4', display: 'Heart rate' },
  respiratoryRate: { code: '9279-1', display: 'Respiratory rate' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure' },
} as const;

const UNITS = {
  temperature: { unit: 'Cel', code: 'Cel' },
  spo2: { unit: '%', code: '%' },
  pulse: { unit: '/min', code: '/min' },
  respiratoryRate: { unit: '/min', code: '/min' },
  systolic: { unit: 'mm[Hg]', code: 'mm[Hg]' },
  diastolic: { unit: 'mm[Hg]', code: 'mm[Hg]' },
} as const;

/** A daily quarantine health form as a vital-signs Observation (symptoms as coded components). */
export function toFormObservation(f: Row<typeof quarantineForms>, personId: string): Observation {
  const values: [keyof typeof UNITS, number | null][] = [
    ['temperature', f.temperatureC],
    ['spo2', f.spo2],
    ['pulse', f.pulse],
    ['respiratoryRate', f.respiratoryRate],
    ['systolic', f.systolic],
    ['diastolic', f.diastolic],
  ];
  const component: ObservationComponent[] = values.flatMap(([k, v]) =>
    v === null
      ? []
      : [
          {
            code: { coding: [{ system: SYSTEMS.loinc, ...VITALS[k] }] },
            valueQuantity: { value: v, system: 'http://unitsofmeasure.org', ...UNITS[k] },
          },
        ],
  );
  const warning = new Set(Array.isArray(f.warningSigns) ? f.warningSigns.map(String) : []);
  for (const s of new Set([...f.symptoms, ...warning]))
    component.push({
      code: own(`symptom-${s}`),
      valueBoolean: true,
      ...(warning.has(s) ? { interpretation: [own('warning-sign')] } : {}),
    });
  return {
    resourceType: 'Observation',
    id: `form-${f.id}`,
    status: 'final',
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'vital-signs' }] }],
    code: { coding: [{ system: SYSTEMS.loinc, ...VITALS.panel }] },
    subject: patient(personId),
    effectiveDateTime: instant(f.submittedAt),
    basedOn: [{ reference: `ServiceRequest/${f.orderId}` }],
    // Filled by the person themself, or by a commune worker (who has no FHIR resource).
    ...(f.filledBy === 'person' ? { performer: [patient(personId)] } : {}),
    ...(component.length ? { component } : {}),
  };
}

const CERTIFICATE_TYPE = { v: 'vaccination', t: 'test', r: 'recovery' } as const;

/** An issued certificate (EU DCC) as a DocumentReference; the signed QR itself is not exported. */
export function toCertificateDocument(
  c: Row<typeof issuedCertificates>,
  personId: string,
): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: c.id,
    ...(c.revokedAt ? { meta: { tag: [{ system: SYSTEMS.epilink, code: 'revoked' }] } } : {}),
    masterIdentifier: { system: SYSTEMS.uvci, value: c.uvci },
    status: c.supersededBy ? 'superseded' : 'current',
    type: own(`certificate-${CERTIFICATE_TYPE[c.type]}`, CERTIFICATE_TYPE[c.type]),
    subject: patient(personId),
    date: instant(c.issuedAt),
    ...(c.supersededBy
      ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${c.supersededBy}` } }] }
      : {}),
    content: [
      { attachment: { contentType: 'application/json', title: 'EU DCC', creation: instant(c.issuedAt) } },
    ],
    context: { period: { start: instant(c.issuedAt), end: instant(c.expiresAt) } },
  };
}

const SEVERITY = {
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
  life_threatening: 'severe',
  death: 'severe',
} as const;

/** An AEFI report as an AdverseEvent (suspect: the dose, when known). */
export function toAefiAdverseEvent(a: Row<typeof aefiReports>, personId: string): AdverseEvent {
  return {
    resourceType: 'AdverseEvent',
    id: a.id,
    actuality: 'actual',
    category: [own('aefi')],
    event: own('aefi', 'AEFI'),
    subject: patient(personId),
    date: a.onsetDate,
    recordedDate: instant(a.createdAt),
    seriousness: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness',
          code: a.serious ? 'serious' : 'non-serious',
        },
      ],
    },
    severity: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity',
          code: SEVERITY[a.severity],
        },
      ],
    },
    ...(a.severity === 'death'
      ? {
          outcome: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/adverse-event-outcome', code: 'fatal' },
            ],
          },
        }
      : {}),
    ...(a.doseId ? { suspectEntity: [{ instance: { reference: `Immunization/${a.doseId}` } }] } : {}),
  };
}
