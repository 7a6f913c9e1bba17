/**
 * The health book's timeline record: one row per record linked to a person, from every module,
 * with where it came from (source), who entered it and when, and the unit that owns it (where a
 * correction request goes).
 */

/** The modules a timeline gathers, one kind per record table. */
export const RECORD_KINDS = [
  'declaration',
  'checkin',
  'testRegistration',
  'specimen',
  'testResult',
  'case',
  'contact',
  'quarantineOrder',
  'quarantineForm',
  'dose',
  'certificate',
  'aefi',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What each kind shows (never another person's data, never free text). */
export interface RecordDetails {
  declaration: { form: string; day: string; action: string; flagStatus: string; paper: boolean };
  checkin: { venue: string | null; checkedOutAt: string; method: string };
  testRegistration: { testType: string; reason: string; status: string };
  specimen: { testType: string; status: string };
  testResult: { testType: string; outcome: string; ct: number | null; sampledAt: string };
  case: {
    disease: string;
    classification: string;
    status: string;
    onsetDate: string | null;
    outcome: string | null;
  };
  contact: {
    disease: string;
    exposureType: string;
    exposureDate: string | null;
    status: string;
    monitoringUntil: string | null;
  };
  quarantineOrder: { kind: string; role: string; status: string; startDate: string; endDate: string };
  quarantineForm: {
    temperatureC: number | null;
    spo2: number | null;
    symptoms: number;
    warningSigns: number;
  };
  dose: {
    disease: string;
    product: string;
    doseNumber: number;
    doseKind: string;
    date: string;
    voided: boolean;
  };
  certificate: { type: string; issuedAt: string; expiresAt: string; revoked: boolean };
  aefi: { onsetDate: string; severity: string; serious: boolean; status: string };
}

/** The unit a record belongs to: the vaccination site, the test site (lab side), else the commune. */
export interface RecordOwner {
  kind: 'facility' | 'testSite' | 'commune';
  /** The facility's or test site's id (null for a commune). */
  id: string | null;
  name: string | null;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

interface RecordBase {
  id: string;
  /** The person record it is linked to (the survivor or one merged into it). */
  personId: string;
  /** When it happened (ISO, microseconds kept: the keyset cursor compares it exactly). */
  at: string;
  /** When it was entered into EpiLink (null where the module does not keep it). */
  enteredAt: string | null;
  /** How it came in (module-specific: citizen, staff, import, pool, scan, household…). */
  source: string | null;
  /** Who entered it: an official (id, name, role) or a citizen account (id only), null when unknown. */
  enteredBy: { id: string; name: string | null; role: string | null } | null;
  owner: RecordOwner;
}

/** One record on a person's timeline (typed by kind). */
export type PersonRecord = {
  [K in RecordKind]: RecordBase & { kind: K; detail: RecordDetails[K] };
}[RecordKind];

/** One page of a timeline, newest first; `nextCursor` reads the page after it. */
export interface PersonRecordsPage {
  personId: string;
  items: PersonRecord[];
  nextCursor: string | null;
}
