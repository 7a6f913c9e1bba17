/** The vaccination module's part of the API client (typed; same `request` as the rest of the app). */
import { today } from '@epilink/core';
import type { AttestedGroup, ScreeningAnswers } from '@epilink/core';
import { request } from '../../api.ts';

export interface VaccinationSession {
  id: string;
  facilityId: string;
  facilityName: string;
  /** The site's kind: a hospital may vaccinate after a "refer" screening outcome. */
  facilityKind: string;
  date: string;
  productCodes: string[];
  status: string;
  doseCount: number;
}

export interface SessionDose {
  id: string;
  personId: string;
  fullName: string;
  productCode: string;
  doseNumber: number;
  lotNumber: string;
  createdAt: string;
}

export interface Lot {
  id: string;
  productCode: string;
  lotNumber: string;
  expiryDate: string;
  recalled: boolean;
  aefiFlagged: boolean;
  quantity: number;
}

export interface Product {
  code: string;
  name: string;
}

export interface DoseInput {
  personId: string;
  facilityId: string;
  sessionId: string;
  productCode: string;
  lotId: string;
  date: string;
  screening: ScreeningAnswers;
  /** Listed groups the vaccinator attests (additional primary dose, dose 4). */
  groups?: AttestedGroup[];
}

export interface DoseResult {
  doseId: string;
  doseNumber: number;
  doseKind: string;
  status: string;
  next: { doseNumber: number; kind: string; earliest: string; due: string } | null;
  certificate: { id: string; uvci: string } | null;
  screeningOutcome: string;
}

export interface CoverageRow {
  unitCode: string;
  /** The unit's name in the list in force on the report's units date (null: no successor there). */
  unitName: string | null;
  doses: number;
  firstDose: number;
  fullSchedule: number;
  booster: number;
  population: number;
  firstDoseRate: number;
  fullScheduleRate: number;
  boosterRate: number;
  /** Where the denominator comes from: the loaded census, or the registry's residents. */
  denominator: 'census' | 'registry';
}

/** The coverage report: rows in the units of `unitsAsOf`, and the census used (if any). */
export interface CoverageReport {
  asOf: string;
  unitsAsOf: string;
  ageGroup: string;
  items: CoverageRow[];
  census: { source: string; referenceDate: string } | null;
}

export interface DueRow {
  personId: string;
  fullName: string;
  dateOfBirth: string | null;
  communeCode: string | null;
  nextDoseNumber: number | null;
  nextDoseKind: string | null;
  nextDue: string | null;
  overdue: boolean;
}

export interface AefiRow {
  id: string;
  personId: string;
  fullName: string;
  onsetDate: string;
  severity: string;
  serious: boolean;
  status: string;
  lotNumber: string | null;
  lotFlagged: boolean;
}

export interface PersonDose {
  id: string;
  date: string;
  productCode: string;
  doseNumber: number;
  doseKind: string;
  voided: boolean;
}

export interface Certificate {
  id: string;
  personId: string;
  type: 'v' | 't' | 'r';
  uvci: string;
  summary: string;
  qr: string;
  issuedAt: string;
  expiresAt: string;
  superseded: boolean;
  revoked: boolean;
}

const enc = encodeURIComponent;
const qs = (params: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/**
 * Today in the province (the day a dose is given): the one clock in core, in the time zone the
 * server's `/api/meta` announces (set when the meta loads), never the device's own zone.
 */
export function todayIso(): string {
  return today();
}

/** Vaccination endpoints, one typed function each. */
export const vaccinationApi = {
  products: () => request<{ version: string; products: Product[] }>('GET', '/api/vaccination/products'),
  sessions: (date: string, cursor?: string) =>
    request<{ items: VaccinationSession[]; nextCursor: string | null }>(
      'GET',
      `/api/vaccination/sessions${qs({ date, cursor })}`,
    ),
  session: (id: string, cursor?: string) =>
    request<{ session: VaccinationSession; doses: SessionDose[]; nextCursor: string | null }>(
      'GET',
      `/api/vaccination/sessions/${enc(id)}${qs({ cursor })}`,
    ),
  lots: (facilityId: string) =>
    request<{ items: Lot[] }>('GET', `/api/vaccination/lots${qs({ facilityId })}`),
  recordDose: (input: DoseInput) => request<DoseResult>('POST', '/api/vaccination/doses', input),
  /** The person's standing before a dose on `date` and what the rule in force says (#19 item 3). */
  standing: (personId: string, date: string) =>
    request<VaccinationStanding>(
      'GET',
      `/api/vaccination/persons/${enc(personId)}/standing?date=${enc(date)}`,
    ),
  voidDose: (id: string, reason: string) =>
    request<{ ok: true }>('POST', `/api/vaccination/doses/${enc(id)}/void`, { reason }),
  personVaccination: (personId: string) =>
    request<{ doses: PersonDose[] }>('GET', `/api/persons/${enc(personId)}/vaccination`),
  coverage: (groupBy: 'district' | 'commune', ageGroup: string, asOf: string, unitsAsOf: string) =>
    request<CoverageReport>('GET', `/api/vaccination/coverage${qs({ groupBy, ageGroup, asOf, unitsAsOf })}`),
  due: (communeCode: string, cursor?: string) =>
    request<{ items: DueRow[]; nextCursor: string | null }>(
      'GET',
      `/api/vaccination/due${qs({ communeCode, cursor })}`,
    ),
  reminders: (communeCode: string) =>
    request<{ queued: number }>('POST', '/api/vaccination/reminders', communeCode ? { communeCode } : {}),
  aefiList: (cursor?: string) =>
    request<{ items: AefiRow[]; nextCursor: string | null }>('GET', `/api/vaccination/aefi${qs({ cursor })}`),
  aefiReport: (body: {
    doseId: string;
    onsetDate: string;
    symptoms: string[];
    description?: string;
    severity: string;
    seriousCriteria: string[];
  }) =>
    request<{
      id: string;
      lotFlagged: boolean;
      serious: boolean;
      cluster: { event: string; relatedBy: 'lot' | 'commune'; reports: number } | null;
    }>('POST', '/api/vaccination/aefi', body),
  myCertificates: () => request<{ items: Certificate[] }>('GET', '/api/me/certificates'),
};

/** A person's standing at the vaccination desk. */
export interface VaccinationStanding {
  day: string;
  epiStatus: string | null;
  order: { role: 'F0' | 'F1'; kind: string; endDate: string } | null;
  lastPositiveOn: string | null;
  advice: { action: 'vaccinate' | 'defer'; reasons: string[]; until: string | null };
  ruleSource: string | null;
}
