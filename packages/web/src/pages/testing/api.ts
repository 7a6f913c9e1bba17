/** The testing module's part of the API client (typed; same `request` as the rest of the app). */
import { formatDay, formatTimeOfDay, fromLocalDateTime } from '@epilink/core';
import { request } from '../../api.ts';

export interface TestSite {
  id: string;
  name: string;
  facilityId: string | null;
  address: string | null;
  active: boolean;
  communeCode: string | null;
  districtCode: string | null;
}

export interface TestSession {
  id: string;
  siteId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  free: number;
}

export interface Registration {
  id: string;
  personId: string;
  fullName: string;
  /** Date of birth and masked ID of a resident of my jurisdiction (null for a visitor). */
  dateOfBirth: string | null;
  idNumberMasked: string | null;
  yearOfBirth: string | null;
  resident: boolean;
  siteId: string;
  sessionId: string | null;
  testType: string;
  reason: string;
  status: string;
  registeredVia: string;
  createdAt: string;
}

export interface Pool {
  id: string;
  barcode: string;
  siteId: string | null;
  status: string;
  ct: number | null;
  resultedAt: string | null;
  createdAt: string;
  size: number;
}

export interface PoolMember {
  id: string;
  barcode: string;
  personId: string;
  fullName: string;
  status: string;
  collectedAt: string;
}

export interface ResultEntry {
  barcode: string;
  outcome: 'positive' | 'negative' | 'invalid';
  ct?: number | null;
}

/** Whose specimen it is: name, date of birth, identity number masked. */
export interface SpecimenPerson {
  fullName: string;
  /** Withheld (null) for a person living outside my jurisdiction: the year of birth is shown. */
  dateOfBirth: string | null;
  idNumberMasked: string | null;
  yearOfBirth?: string | null;
  resident?: boolean;
}

export interface EntryResult {
  barcode: string;
  resultId: string;
  caseId: string | null;
  unchanged: boolean;
  person: SpecimenPerson;
}

export interface ImportReport {
  importId: string;
  alreadyImported: boolean;
  rowCount: number;
  imported: number;
  unchanged: number;
  errors: { line: number; barcode: string; reason: string; message: string }[];
}

export interface TestResultItem {
  id: string;
  personId: string;
  barcode: string;
  testType: string;
  diseaseCode: string;
  outcome: string;
  ct: number | null;
  sampledAt: string;
  resultedAt: string;
  source: string;
}

export interface RegistrationItem {
  id: string;
  personId: string;
  siteName: string;
  startsAt: string | null;
  testType: string;
  reason: string;
  status: string;
  createdAt: string;
}

export interface PersonTests {
  results: TestResultItem[];
  resultsNextCursor: string | null;
  registrations: RegistrationItem[];
  registrationsNextCursor: string | null;
}

/** Which page of a person's tests: a cursor continues its own list only. */
export interface TestsCursors {
  resultsCursor?: string;
  registrationsCursor?: string;
}

/** `?cursor=…` (or `&cursor=…` after other parameters), or nothing without a cursor. */
const cursorParam = (cursor: string | undefined, sep: '?' | '&' = '?') =>
  cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : '';

const testsQuery = (c: TestsCursors) => {
  const q = new URLSearchParams(
    Object.entries(c).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return q ? `?${q}` : '';
};

const enc = encodeURIComponent;

/** Testing endpoints, one typed function each. */
export const testingApi = {
  sites: (cursor?: string) =>
    request<{ items: TestSite[]; nextCursor: string | null }>(
      'GET',
      `/api/testing/sites${cursor ? `?cursor=${enc(cursor)}` : ''}`,
    ),
  createSite: (body: { name: string; communeCode: string; address: string | null }) =>
    request<{ id: string }>('POST', '/api/testing/sites', body),
  updateSite: (id: string, body: { active?: boolean }) =>
    request<{ site: TestSite }>('PATCH', `/api/testing/sites/${enc(id)}`, body),
  /** A site's slots; with `from` (an instant) only those not over by then. */
  sessions: (siteId: string, cursor?: string, from?: string) =>
    request<{ items: TestSession[]; nextCursor: string | null }>(
      'GET',
      `/api/testing/sessions?siteId=${enc(siteId)}${from ? `&from=${enc(from)}` : ''}${cursorParam(cursor, '&')}`,
    ),
  createSession: (body: { siteId: string; startsAt: string; endsAt: string; capacity: number }) =>
    request<{ id: string }>('POST', '/api/testing/sessions', body),
  registrations: (q: { siteId?: string; sessionId?: string; status?: string; cursor?: string }) =>
    request<{ items: Registration[]; nextCursor: string | null }>(
      'GET',
      `/api/testing/registrations?${new URLSearchParams(
        Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])),
      ).toString()}`,
    ),
  register: (body: {
    personId: string;
    siteId: string;
    sessionId: string | null;
    testType: string;
    reason: string;
  }) => request<{ id: string }>('POST', '/api/testing/registrations', body),
  closeRegistration: (id: string, status: 'cancelled' | 'no_show') =>
    request<{ ok: true }>('POST', `/api/testing/registrations/${enc(id)}/close`, { status }),
  collect: (body: { registrationId: string; barcode?: string | null }) =>
    request<{ id: string; barcode: string; registrationId: string }>('POST', '/api/testing/specimens', body),
  labelUrl: (barcode: string) => `/api/testing/specimens/${enc(barcode)}/label.pdf`,
  enterResult: (body: ResultEntry) => request<EntryResult>('POST', '/api/testing/results', body),
  specimen: (barcode: string) =>
    request<{ specimen: SpecimenPerson & { barcode: string } }>(
      'GET',
      `/api/testing/specimens/${enc(barcode)}`,
    ).then((r) => r.specimen),
  pools: (cursor?: string) =>
    request<{ items: Pool[]; nextCursor: string | null; maxSize: number }>(
      'GET',
      `/api/testing/pools${cursorParam(cursor)}`,
    ),
  pool: (id: string) =>
    request<{ pool: Pool; maxSize: number; members: PoolMember[] }>('GET', `/api/testing/pools/${enc(id)}`),
  createPool: (siteId: string) =>
    request<{ id: string; barcode: string }>('POST', '/api/testing/pools', { siteId }),
  addToPool: (id: string, barcode: string) =>
    request<{ size: number; max: number }>('POST', `/api/testing/pools/${enc(id)}/specimens`, { barcode }),
  closePool: (id: string) => request<{ ok: true }>('POST', `/api/testing/pools/${enc(id)}/close`),
  poolResult: (id: string, body: { outcome: string; ct: number | null }) =>
    request<{ outcome: string; cleared: number; recalled: number }>(
      'POST',
      `/api/testing/pools/${enc(id)}/result`,
      body,
    ),
  importCsv: (body: { labName: string; labRun: string | null; fileName: string | null; csv: string }) =>
    request<ImportReport>('POST', '/api/testing/imports', body),
  personTests: (personId: string, cursors: TestsCursors = {}) =>
    request<PersonTests>('GET', `/api/persons/${enc(personId)}/testing${testsQuery(cursors)}`),
  // citizen
  mySites: (cursor?: string) =>
    request<{ items: (TestSite & { sessions: TestSession[] })[]; nextCursor: string | null }>(
      'GET',
      `/api/me/testing/sites${cursorParam(cursor)}`,
    ),
  myTests: (cursors: TestsCursors = {}) =>
    request<PersonTests>('GET', `/api/me/testing${testsQuery(cursors)}`),
  book: (body: { personId: string; sessionId: string; testType: string; reason: string }) =>
    request<{ id: string }>('POST', '/api/me/testing/registrations', body),
  cancelBooking: (id: string) =>
    request<{ ok: true }>('POST', `/api/me/testing/registrations/${enc(id)}/cancel`),
};

/** `datetime-local` input value (the province's wall clock, the one clock) → ISO string. */
export function localInputToIso(value: string): string {
  // A browser may add seconds (`…T07:30:00`); the wall clock is to the minute.
  return fromLocalDateTime(value.slice(0, 16)).toISOString();
}

/**
 * A slot's day and times in the province's time zone (not the device's), in the language's one
 * date format, e.g. "25/11/2026 07:30–11:00".
 */
export function slotLabel(s: { startsAt: string; endsAt: string }, lang: string): string {
  return `${formatDay(s.startsAt, lang)} ${formatTimeOfDay(s.startsAt, lang)}–${formatTimeOfDay(s.endsAt, lang)}`;
}

/** A text field of a submitted form ('' when absent or a file). */
export function fieldText(f: FormData, name: string): string {
  const v = f.get(name);
  return typeof v === 'string' ? v : '';
}
