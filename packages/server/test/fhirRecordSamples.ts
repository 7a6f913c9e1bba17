/** FHIR schema test samples: the records $everything maps beyond tests, doses and declarations. */
import type { Resource } from '@medplum/fhirtypes';
import * as more from '../src/fhir/recordMappers.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = new Date('2026-11-30T08:15:00Z');
const place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

/** The records $everything maps beyond the tests, doses and declarations (recordMappers.ts). */
export function recordSamples(): Resource[] {
  const person = id(1);
  const checkin = {
    id: 7,
    venueId: id(20),
    personId: person,
    visitorKey: 'p:x',
    method: 'scan' as const,
    guestPhone: null,
    guestName: null,
    checkedInAt: at,
    checkedOutAt: new Date(at.getTime() + 3_600_000),
    checkedOutBy: 'auto' as const,
    ...place,
    recordedBy: null,
  };
  const contact = {
    id: id(21),
    caseId: id(6),
    sourcePersonId: id(9),
    personId: person,
    diseaseCode: 'COVID-19',
    exposureType: 'household' as const,
    exposureDate: '2026-11-28',
    durationMinutes: null,
    source: 'household' as const,
    venueId: null,
    status: 'confirmed' as const,
    decidedBy: null,
    decidedAt: null,
    followUpStatus: null,
    assignedTracerId: null,
    monitoringUntil: null,
    note: null,
    ...place,
    createdAt: at,
    updatedAt: at,
  };
  const order = {
    id: id(22),
    ...place,
    personId: person,
    diseaseCode: 'COVID-19',
    role: 'F1' as const,
    contactId: id(21),
    caseId: null,
    kind: 'home_quarantine' as const,
    status: 'active' as const,
    startDate: '2026-11-28',
    quarantineEnd: '2026-12-05',
    endDate: '2026-12-05',
    testsDue: [],
    formsPerDay: 1,
    releaseTest: null,
    latestEnd: null,
    ruleSource: null,
    eligibility: null,
    facilityId: null,
    changeReason: null,
    extensions: 0,
    confirmedBy: null,
    confirmedAt: null,
    releasedBy: null,
    releasedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const form = {
    id: 8,
    orderId: id(22),
    ...place,
    submittedAt: at,
    filledBy: 'person' as const,
    workerId: null,
    symptoms: ['cough', 'breathingDifficulty'],
    temperatureC: 38.2,
    spo2: 95,
    pulse: 90,
    respiratoryRate: 20,
    systolic: 120,
    diastolic: 80,
    warningSigns: ['breathingDifficulty'],
  };
  const cert = {
    id: id(23),
    uvci: 'URN:UVCI:01:VN:ABC',
    personId: person,
    type: 'v' as const,
    sourceId: id(5),
    kid: 'kid',
    qr: 'HC1:x',
    summary: 'dose',
    issuedAt: at,
    expiresAt: at,
    supersededBy: null,
    revokedAt: null,
    revokeReason: null,
    ...place,
    issuedBy: null,
  };
  const aefi = {
    id: id(24),
    personId: person,
    doseId: id(5),
    lotId: null,
    onsetDate: '2026-11-29',
    symptoms: ['fever'],
    description: null,
    severity: 'mild' as const,
    seriousCriteria: [],
    serious: false,
    status: 'open' as const,
    outcome: null,
    ...place,
    reportedBy: null,
    createdAt: at,
  };
  const out: Resource[] = [
    more.toCheckinEncounter(checkin, person, 'Chợ Bến Tre'),
    more.toCheckinEncounter({ ...checkin, checkedOutAt: new Date(Date.now() + 3_600_000) }, person, null),
    more.toOrderServiceRequest({ ...order, contactId: null, caseId: id(6), facilityId: id(4) }, person),
    more.toFormObservation(form, person),
    more.toFormObservation(
      { ...form, filledBy: 'worker', symptoms: [], warningSigns: [], temperatureC: null },
      person,
    ),
    more.toCertificateDocument(cert, person),
    more.toCertificateDocument({ ...cert, supersededBy: id(25), revokedAt: at, type: 't' }, person),
    more.toAefiAdverseEvent(aefi, person),
    more.toAefiAdverseEvent({ ...aefi, doseId: null, severity: 'death', serious: true }, person),
  ];
  for (const status of ['proposed', 'confirmed', 'dismissed'] as const)
    out.push(more.toContactObservation({ ...contact, status, exposureDate: null }, person));
  for (const status of ['proposed', 'active', 'released', 'cancelled'] as const)
    out.push(more.toOrderServiceRequest({ ...order, status }, person));
  return out;
}
