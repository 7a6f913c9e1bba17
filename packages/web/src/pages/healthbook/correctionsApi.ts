/** The correction requests' part of the API client (same `request` as the rest of the app). */
import { request } from '../../api.ts';

/** A request as the citizen sees it. */
export interface MyCorrection {
  id: string;
  recordKind: string | null;
  recordId: string | null;
  status: 'open' | 'resolved' | 'rejected';
  level: 'unit' | 'district' | 'province';
  ownerName: string | null;
  answer: string | null;
  hasEvidence: boolean;
  createdAt: string;
  resolvedAt: string | null;
}

/** A worklist row. */
export interface CorrectionItem {
  id: string;
  personId: string;
  name: string;
  recordKind: string | null;
  recordId: string | null;
  ownerKind: string;
  ownerName: string | null;
  communeCode: string | null;
  message: string;
  hasEvidence: boolean;
  status: string;
  level: string;
  overdue: boolean;
  createdAt: string;
}

/** A request opened by an official. */
export interface CorrectionDetail extends CorrectionItem {
  evidence: string | null;
  answer: string | null;
  record: Record<string, string | number | boolean | null> | null;
}

export interface NewCorrection {
  personId: string;
  recordKind: string | null;
  recordId: string | null;
  message: string;
  evidence: { type: 'image/jpeg'; data: string } | null;
}

/** The fix an official makes, one shape per record kind (server healthbook/corrections-fix.ts). */
export type CorrectionFix =
  | { kind: 'dose'; date?: string; lotNumber?: string }
  | { kind: 'testResult'; outcome?: Outcome; ct?: number | null; sampledOn?: string }
  | { kind: 'checkin'; checkedInAt?: string; void?: boolean }
  | { kind: 'case'; onsetDate: string | null }
  | { kind: 'missingDose'; siteId: string; productCode: string; lotNumber: string; date: string }
  | {
      kind: 'missingResult';
      siteId: string;
      testType: 'rtPcr' | 'rapidAntigen';
      outcome: Outcome;
      ct: number | null;
      sampledOn: string;
    };

/** A test outcome. */
export type Outcome = 'positive' | 'negative' | 'invalid';

/** A site to pick where a missing record was done. */
export interface Site {
  id: string;
  name: string;
}

export const correctionsApi = {
  send: (body: NewCorrection) => request<MyCorrection>('POST', '/api/me/corrections', body),
  mine: (personId: string) =>
    request<{ items: MyCorrection[] }>('GET', `/api/me/corrections/${encodeURIComponent(personId)}`),
  worklist: (status: 'open' | 'all') =>
    request<{ items: CorrectionItem[] }>('GET', `/api/corrections?status=${status}`),
  detail: (id: string) => request<CorrectionDetail>('GET', `/api/corrections/${encodeURIComponent(id)}`),
  resolve: (id: string, body: { decision: 'accept' | 'reject'; answer: string; fix?: CorrectionFix }) =>
    request<{ id: string; status: string }>(
      'POST',
      `/api/corrections/${encodeURIComponent(id)}/resolve`,
      body,
    ),
  vaccinationSites: () => request<{ items: Site[] }>('GET', '/api/vaccination/sites'),
  lots: (facilityId: string) =>
    request<{ items: { productCode: string; lotNumber: string }[] }>(
      'GET',
      `/api/vaccination/lots?facilityId=${encodeURIComponent(facilityId)}`,
    ),
  testSites: () => request<{ items: Site[] }>('GET', '/api/testing/sites'),
};
