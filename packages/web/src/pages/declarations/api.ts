/** The declarations module's part of the API client (typed; same `request` as the rest of the app). */
import type { Questionnaire, QuestionnaireResponse } from '@epilink/core/declarations/questionnaire';
import { request } from '../../api.ts';

/** The three declarations shipped. */
export const DECLARATION_KINDS = ['health', 'entry', 'travel'] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** The triage's suggested action. */
export type TriageAction = 'none' | 'selfMonitor' | 'test' | 'isolateAndTest';

/** Where a flag stands: none, open (on the review list), test registered, cleared, positive. */
export type FlagStatus = 'none' | 'open' | 'testRegistered' | 'cleared' | 'positive';

/** A questionnaire version as the server gives it (`resource` = the FHIR Questionnaire). */
export interface QuestionnaireVersion {
  id: string;
  kind: DeclarationKind;
  url: string;
  version: string;
  effectiveFrom: string;
  resource: Questionnaire;
}

/** Who the declaration is about when given by identity (record linkage places them). */
export interface DeclaredPerson {
  fullName: string;
  phone?: string;
  dateOfBirth?: string;
  idNumber?: string;
}

/** The body of a declaration: signed in, `personId` of self or a ward; otherwise `person`. */
export interface DeclarationSubmission {
  submissionId: string;
  questionnaireId: string;
  communeCode: string;
  response: QuestionnaireResponse;
  personId?: string;
  person?: DeclaredPerson;
  forOther?: boolean;
}

/** The prefilled test registration a "suggest test" triage offers. */
export interface SuggestedTest {
  siteId: string;
  siteName: string;
  address: string | null;
  sessionId: string | null;
  startsAt: string | null;
  testType: string;
  reason: string;
}

/** The server's answer to a submission (the same when a retry replays it). */
export interface DeclarationAnswer {
  id: string;
  submissionId: string;
  kind: DeclarationKind;
  action: TriageAction;
  flagged: boolean;
  /** Reason codes (translated by `declarations.triage.reason.<code>`). */
  reasons: string[];
  flagStatus: FlagStatus;
  replayed: boolean;
  /** The checkpoint QR's content: the declaration id, signed, short. */
  token: string;
  suggestedTest: SuggestedTest | null;
}

/** What the holder of a declaration's QR may read of it. */
export interface QrView {
  id: string;
  kind: DeclarationKind;
  day: string;
  action: TriageAction;
  reasons: string[];
  flagStatus: FlagStatus;
  suggestedTest: SuggestedTest | null;
}

/** A declaration in the officials' lists (review list, person page). */
export interface DeclarationSummary {
  id: string;
  kind: DeclarationKind;
  day: string;
  action: TriageAction;
  reasons: string[];
  flagStatus: FlagStatus;
  /** The server's verdict on a scanned DCC (null or absent: none scanned). */
  dcc?: DccVerdict | null;
  declaredBy: 'self' | 'household' | 'staff';
  channel: string;
  communeCode: string | null;
  createdAt: string;
  person: { id: string; fullName: string };
}

/** What the server concluded about a DCC scanned into an entry declaration. */
export interface DccVerdict {
  status: 'valid' | 'invalid' | 'unknownSigner' | 'expired';
  failedStep?: string;
  type?: 'vaccination' | 'test' | 'recovery';
  date?: string;
  issuer?: string;
  verifiedAt: string;
  verifiedBy: 'server';
}

/** What a checkpoint scan shows. */
export interface CheckpointScan {
  passageId: string;
  scannedAt: string;
  declaration: {
    id: string;
    kind: DeclarationKind;
    day: string;
    action: TriageAction;
    reasons: string[];
    flagStatus: FlagStatus;
    dcc?: DccVerdict | null;
    person: { fullName: string; birthYear: number | null };
  };
}

/** A commune to choose (public unit list of the map). */
export interface CommuneOption {
  code: string;
  name: string;
  districtName: string | null;
}

interface Boundaries {
  features: { properties: { code: string; name: string; groupName: string | null } }[];
}

const enc = encodeURIComponent;

/** The declaration endpoints the web app uses. */
export const declarationsApi = {
  /** The questionnaires in force (public; the service worker keeps the answer for offline use). */
  inForce: () => request<{ items: QuestionnaireVersion[] }>('GET', '/api/declarations/questionnaires'),
  /** The province's communes (public; kept offline by the service worker too). */
  communes: () =>
    request<Boundaries>('GET', '/api/map/boundaries?level=commune').then((b): CommuneOption[] =>
      b.features.map((f) => ({
        code: f.properties.code,
        name: f.properties.name,
        districtName: f.properties.groupName,
      })),
    ),
  /** Path of a citizen's submission: signed in (own or ward's record) or anonymous. */
  submitPath: (signedIn: boolean) => (signedIn ? '/api/me/declarations' : '/api/declarations'),
  /** The QR holder's view of a declaration (triage, flag, suggested test). */
  byToken: (token: string) => request<QrView>('GET', `/api/declarations/qr/${enc(token)}`),
  /** Confirm the suggested test in one tap (a second tap changes nothing). */
  confirmTest: (token: string) =>
    request<{ registrationId: string; suggestedTest: SuggestedTest }>(
      'POST',
      `/api/declarations/qr/${enc(token)}/test`,
    ),
  /** Staff enter a paper declaration. */
  staffSubmit: (body: DeclarationSubmission & { paper: boolean }) =>
    request<DeclarationAnswer>('POST', '/api/declarations/staff', body),
  /** Declarations of the caller's area, newest first (`flag=flagged`: the review list). */
  list: (filter: { flag?: string; personId?: string }, cursor?: string) => {
    const q = new URLSearchParams();
    if (filter.flag) q.set('flag', filter.flag);
    if (filter.personId) q.set('personId', filter.personId);
    if (cursor) q.set('cursor', cursor);
    return request<{ items: DeclarationSummary[]; nextCursor: string | null }>(
      'GET',
      `/api/declarations?${q.toString()}`,
    );
  },
  /** A checkpoint scan: the triage of the declaration and the passage recorded. */
  scan: (token: string, checkpoint: string) =>
    request<CheckpointScan>('POST', '/api/declarations/checkpoint-scan', { token, checkpoint }),
  /** Every questionnaire version, superseded and to come included (officials with `policy:read`). */
  versions: () =>
    request<{ items: QuestionnaireVersion[] }>('GET', '/api/declarations/questionnaires/versions'),
  /** One questionnaire version. */
  questionnaire: (id: string) =>
    request<QuestionnaireVersion>('GET', `/api/declarations/questionnaires/${enc(id)}`),
  /** Publish a new questionnaire version from a day on. */
  publish: (kind: DeclarationKind, effectiveFrom: string, resource: unknown) =>
    request<QuestionnaireVersion>('POST', '/api/declarations/questionnaires', {
      kind,
      effectiveFrom,
      resource,
    }),
};
