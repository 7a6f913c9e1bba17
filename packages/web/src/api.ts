/**
 * A small typed client for the EpiLink REST API. Every request carries the UI language in
 * `Accept-Language` (the server translates error messages) and the session cookie
 * (`credentials: 'same-origin'`). Error responses become an {@link ApiError} whose `message` is
 * ready to show to the user.
 */
import { currentLanguage, i18n } from './i18n.ts';

export type UnitLevel = 'province' | 'district' | 'commune';

export interface UnitRef {
  code: string;
  name: string;
}

export interface Meta {
  province: UnitRef;
  /** The province's IANA time zone: the web's "today" (core's one clock). */
  timeZone: string;
  demo: boolean;
  database: 'pglite' | 'postgres';
  version: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  jurisdiction: UnitRef & { level: UnitLevel };
  twoFactor?: { required: boolean; enrolled: boolean };
}

/** Stage of an official's session: `totp` / `enrol` wait for the second factor. */
export type SessionStage = 'active' | 'totp' | 'enrol';
export interface MeResponse {
  user: User;
  stage: SessionStage;
}
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrSvgDataUrl: string;
}
/** A citizen's own record (or a ward's). */
export interface MyPerson {
  id: string;
  relation: 'self' | 'ward';
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  commune: string | null;
  district: string | null;
}
export interface DemoMessage {
  id: number;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  createdAt: string;
}

export interface UnitSummary {
  code: string;
  name: string;
  level: UnitLevel;
  type: string;
  parentCode: string | null;
  personCount: number;
}

/** A unit found by name, with its parent's name (`GET /api/units/search`). */
export interface UnitMatch {
  code: string;
  name: string;
  level: UnitLevel;
  type: string;
  parentCode: string | null;
  parentName: string | null;
}

export interface UnitView {
  unit: UnitSummary;
  ancestors: UnitSummary[];
  children: UnitSummary[];
}

export interface PersonSummary {
  id: string;
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  commune: UnitRef | null;
  district: UnitRef | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

export interface IdIssue {
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface PersonDetail extends PersonSummary {
  cccd: string | null;
  cmnd: string | null;
  passport: string | null;
  phone: string | null;
  address: string | null;
  idIssues: IdIssue[];
  household: { id: string; address: string | null; members: PersonSummary[] } | null;
  mergedFrom: { id: string; fullName: string; mergedAt: string }[];
  history: PersonHistoryEntry[];
  /** The cursor of the history's next page; null when the page shows all of it. */
  historyNextCursor: string | null;
}

/** One change to a person record. */
export interface PersonHistoryEntry {
  at: string;
  action: string;
  actor: string | null;
  fields: string[];
}

export interface PersonView {
  person: PersonDetail;
  resolvedFrom: string | null;
}

export interface ReviewPair {
  id: string;
  score: number;
  reasons: string[];
  createdAt: string;
  a: PersonSummary;
  b: PersonSummary;
  /** For a merged pair whose merge stands: the record that was merged (undo target). */
  mergedId?: string | null;
}

export type Decision = 'merge' | 'distinct';

export interface DecisionResult {
  ok: true;
  personId?: string;
}

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An API failure: HTTP status (0 when the server could not be reached) and the server's error body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageKey: string | null = null,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; messageKey?: unknown; details?: unknown };
}

function isDetail(d: unknown): d is ErrorDetail {
  return typeof d === 'object' && d !== null && typeof (d as ErrorDetail).message === 'string';
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const err = body?.error;
  if (err && typeof err.message === 'string' && err.message !== '') {
    const details = Array.isArray(err.details) ? err.details.filter(isDetail) : [];
    return new ApiError(
      res.status,
      typeof err.code === 'string' ? err.code : 'UNKNOWN',
      err.message,
      typeof err.messageKey === 'string' ? err.messageKey : null,
      details,
    );
  }
  return new ApiError(res.status, 'UNEXPECTED', i18n.t('web.errors.unexpected', { status: res.status }));
}

/**
 * Sent on every mutating request: a cross-site form cannot set it, so the server refuses
 * state changes without it (CSRF defence, see packages/server/src/http/register.ts).
 */
export const CSRF_HEADER = 'X-EpiLink-CSRF';

/** Perform a request; resolves with the parsed JSON body (undefined for 204). */
export async function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('web.errors.network'));
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'UNEXPECTED', i18n.t('web.errors.unexpected', { status: res.status }));
  }
}

const enc = encodeURIComponent;

/** Whether a citizen session was started in this browser (its readable companion cookie). */
function citizenHint(): boolean {
  return typeof document === 'undefined' || /(?:^|;\s*)epilink_citizen_hint=1(?:;|$)/u.test(document.cookie);
}

/** The endpoints the web app uses, one typed function each. */
export const api = {
  meta: () => request<Meta>('GET', '/api/meta'),
  /** The officials' session; nobody signed in answers `{ user: null, stage: 'anonymous' }` (not a 401). */
  me: () => request<MeResponse | { user: null; stage: 'anonymous' }>('GET', '/api/auth/me'),
  login: (username: string, password: string) =>
    request<MeResponse>('POST', '/api/auth/login', { username, password }),
  /** Start enrolment; `enrolmentCode` = the one-time code an administrator handed out, if any. */
  totpEnrol: (enrolmentCode?: string) =>
    request<TotpEnrolment>('POST', '/api/auth/2fa/enrol', enrolmentCode ? { enrolmentCode } : {}),
  totpConfirm: (code: string) =>
    request<MeResponse & { recoveryCodes: string[] }>('POST', '/api/auth/2fa/enrol/confirm', { code }),
  totpVerify: (code: string) => request<MeResponse>('POST', '/api/auth/2fa/verify', { code }),
  citizenStart: (phone: string) =>
    request<{ sent: true; expiresInSeconds: number }>('POST', '/api/me/login/start', { phone }),
  /** `identity`: at first sign-in (answer CITIZEN_IDENTITY_REQUIRED), who the phone holder is. */
  citizenVerify: (
    phone: string,
    code: string,
    identity?: { dateOfBirth: string; idNumber?: string; fullName?: string },
  ) => request<{ ok: true }>('POST', '/api/me/login/verify', { phone, code, ...identity }),
  citizenLogout: () => request<undefined>('POST', '/api/me/logout'),
  /** The signed-in citizen's records; without the citizen's session hint, a 401 with no request. */
  myPersons: () =>
    citizenHint()
      ? request<{ items: MyPerson[] }>('GET', '/api/me/persons')
      : Promise.reject(new ApiError(401, 'UNAUTHENTICATED', '')),
  demoInbox: (cursor?: string) =>
    request<{ items: DemoMessage[]; nextCursor: string | null }>(
      'GET',
      `/api/demo/inbox${cursor ? `?cursor=${enc(cursor)}` : ''}`,
    ),
  logout: () => request<undefined>('POST', '/api/auth/logout'),
  unit: (code?: string) => request<UnitView>('GET', code ? `/api/units/${enc(code)}` : '/api/units'),
  /** Units whose name holds `q` (tone-insensitive), inside `within`, of `levels` (#19 item 8). */
  unitSearch: (q: string, within?: string, levels?: readonly UnitLevel[]) =>
    request<{ items: UnitMatch[] }>(
      'GET',
      `/api/units/search?q=${enc(q)}${within ? `&within=${enc(within)}` : ''}${levels?.length ? `&levels=${levels.join(',')}` : ''}`,
    ),
  /**
   * One page of a person search (`cursor` = the previous page's `nextCursor`). A POST: the name,
   * ID number or phone travels in the body, never in a URL that logs and history keep.
   */
  searchPersons: (q: string, limit = 20, cursor?: string) =>
    request<{ items: PersonSummary[]; nextCursor: string | null }>('POST', '/api/persons/search', {
      q,
      limit,
      ...(cursor ? { cursor } : {}),
    }),
  person: (id: string) => request<PersonView>('GET', `/api/persons/${enc(id)}`),
  /** The page of a person's history after `cursor` (the person page's `historyNextCursor`). */
  personHistory: (id: string, cursor: string) =>
    request<{ items: PersonHistoryEntry[]; nextCursor: string | null }>(
      'GET',
      `/api/persons/${enc(id)}/history?cursor=${enc(cursor)}`,
    ),
  openReviews: (cursor?: string) =>
    request<{ items: ReviewPair[]; nextCursor: string | null }>(
      'GET',
      `/api/linkage/reviews?status=open${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  mergedReviews: (cursor?: string) =>
    request<{ items: ReviewPair[]; nextCursor: string | null }>(
      'GET',
      `/api/linkage/reviews?status=merged${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  unmerge: (mergedId: string) =>
    request<{ ok: true; survivorId: string; mergedId: string; restoredFields: string[] }>(
      'POST',
      `/api/linkage/merges/${enc(mergedId)}/undo`,
    ),
  decide: (id: string, decision: Decision, keepId?: string) =>
    request<DecisionResult>(
      'POST',
      `/api/linkage/reviews/${enc(id)}/decide`,
      keepId ? { decision, keepId } : { decision },
    ),
};
