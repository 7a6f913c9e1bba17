/**
 * The cases and tracing part of the API client (typed; same `request` as the rest of the app).
 * Shapes follow the server's presenters (packages/server/src/cases/, docs/tracing.md "API").
 */
import { request } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import type { ChainGraphData, ChainNode } from './chainModel.ts';

const enc = encodeURIComponent;

export type Classification = 'suspected' | 'probable' | 'confirmed' | 'discarded';
export type Severity = 'asymptomatic' | 'mild' | 'moderate' | 'severe' | 'critical';
export type PlaceOfCare = 'home' | 'commune_station' | 'facility' | 'hospital';
export type Outcome = 'recovered' | 'died';
export type ExposureType = 'household' | 'workplace' | 'venue' | 'proximity' | 'care' | 'travel' | 'other';
export type ContactStatus = 'proposed' | 'confirmed' | 'dismissed';
export type FollowUpStatus = 'active' | 'completed' | 'lost';
export type FollowUpOutcome = 'well' | 'symptoms' | 'unreachable';

export const SEVERITIES: Severity[] = ['asymptomatic', 'mild', 'moderate', 'severe', 'critical'];
export const PLACES_OF_CARE: PlaceOfCare[] = ['home', 'commune_station', 'facility', 'hospital'];
export const EXPOSURE_TYPES: ExposureType[] = [
  'household',
  'workplace',
  'venue',
  'proximity',
  'care',
  'travel',
  'other',
];

export interface CaseSummary {
  id: string;
  personId: string;
  fullName: string;
  communeCode: string | null;
  districtCode: string | null;
  diseaseCode: string;
  outbreakId: string | null;
  classification: Classification;
  status: 'open' | 'closed';
  onsetDate: string | null;
  sampleDate: string | null;
  confirmedAt: string | null;
  assignedTracerId: string | null;
  interviewDoneAt: string | null;
  contactCount: number;
}

export interface CaseDetail extends CaseSummary {
  infectiousFrom: string | null;
  infectiousTo: string | null;
  symptomatic: boolean | null;
  severity: Severity | null;
  placeOfCare: PlaceOfCare | null;
  outcome: Outcome | null;
  outcomeDate: string | null;
  note: string | null;
  /** Policy keys with no rule in force on the case's date (the case waits for an official). */
  missingRules?: string[];
  evidence: { resultId: string; testType: string; outcome: string; ct: number | null; sampledAt: string }[];
}

export interface ContactItem {
  id: string;
  caseId: string;
  sourcePersonId: string;
  /** Null when the source person lies outside the caller's jurisdiction. */
  sourceName: string | null;
  personId: string;
  fullName: string;
  phone: string | null;
  communeCode: string | null;
  diseaseCode: string;
  exposureType: ExposureType;
  exposureDate: string | null;
  durationMinutes: number | null;
  /** Where the proposal came from. */
  source: 'household' | 'checkin' | 'interview' | 'manual';
  venueName: string | null;
  status: ContactStatus;
  followUpStatus: FollowUpStatus | null;
  monitoringUntil: string | null;
  assignedTracerId: string | null;
  note: string | null;
  degree: number | null;
  proposedDegree: number | null;
  epiStatus: string | null;
}

export interface CaseView {
  case: CaseDetail;
  person: { id: string; fullName: string; phone: string | null; address: string | null };
  epiStatus: EpiStatusView | null;
  /** The first page of contacts; `contactsNextCursor` continues it (casesApi.contacts). */
  contacts: ContactItem[];
  contactsNextCursor: string | null;
  contactsOutsideJurisdiction: number;
  interviews: { id: string; answers: Record<string, unknown>; createdAt: string }[];
}

export interface FollowUpItem {
  followUpId: string;
  dueDate: string;
  contact: ContactItem;
}

export interface Worklist {
  date: string;
  newCases: CaseSummary[];
  contactsToCall: ContactItem[];
  followUpsDue: FollowUpItem[];
  lost: ContactItem[];
  /** Per section, the cursor of its next page (null when complete). */
  nextCursors: Record<WorklistSection, string | null>;
}

/** The sections of the worklist, each loaded page by page. */
export type WorklistSection = 'newCases' | 'contactsToCall' | 'followUpsDue' | 'lost';

export interface NamedContact {
  fullName: string;
  phone?: string | null;
  exposureType: ExposureType;
  exposureDate?: string | null;
}

export interface EpiStatusView {
  diseaseCode: string;
  status: string;
  degree: number | null;
  proposedDegree: number | null;
  monitoringUntil?: string | null;
  updatedAt: string;
}

/** What a citizen under F1 follow-up is told (#19 item 5): never the case's identity. */
export interface F1GuidanceView {
  kind: 'facility_quarantine' | 'home_quarantine' | 'home_isolation' | 'monitoring';
  basis: 'order' | 'rule';
  until: string | null;
  ruleSource: string | null;
  exposure: {
    type: string;
    date: string | null;
    venueName: string | null;
    from: string | null;
    to: string | null;
  } | null;
  hotlines: { advice: string; emergency: string };
  bookingUrl: string;
}

export interface ClusterView {
  id: string;
  size: number;
  caseCount: number;
  personIds: string[];
  timeline: { date: string; cases: number; contacts: number }[];
}

export interface VenueCluster {
  venueId: string;
  venueName: string;
  from: string;
  to: string;
  caseIds: string[];
}

/** The chain graph as the server sends it (names are null outside the caller's jurisdiction). */
export interface ServerChain {
  nodes: (Omit<ChainNode, 'label'> & {
    label: string | null;
    classification: string | null;
    communeCode: string | null;
  })[];
  edges: { id: string; from: string; to: string; status: string; exposureType: string }[];
  truncated: boolean;
}

/** Server graph → drawable graph: dismissed edges dropped, hidden names replaced by a placeholder. */
export function toChainData(g: ServerChain, hiddenName: string): ChainGraphData {
  return {
    nodes: g.nodes.map((n) => ({ ...n, label: n.label ?? hiddenName })),
    edges: g.edges.flatMap((e) =>
      e.status === 'confirmed' || e.status === 'proposed'
        ? [{ from: e.from, to: e.to, status: e.status }]
        : [],
    ),
  };
}

export interface CaseUpdate {
  onsetDate?: string | null;
  severity?: Severity | null;
  placeOfCare?: PlaceOfCare | null;
  outcome?: Outcome | null;
  outcomeDate?: string | null;
  note?: string | null;
}

/** An official who may trace (for assignment). */
export interface Tracer {
  id: string;
  displayName: string;
  role: string;
  communeCode: string | null;
}

/** Where the chain graph comes from (the chain-render benchmark answers this path). */
export const CHAIN_PATH = '/api/tracing/graph';

/** A contact named at an interview elsewhere who lives in my jurisdiction. */
export interface Referral {
  id: string;
  status: 'pending' | 'linked' | 'dismissed';
  fullName: string;
  phone: string | null;
  idNumber: string | null;
  dateOfBirth: string | null;
  exposureType: string;
  exposureDate: string | null;
  communeCode: string | null;
  personId: string | null;
  createdAt: string;
}

export const casesApi = {
  /** One page of the referrals to my jurisdiction of a status (newest first). */
  referrals: (status: Referral['status'], cursor?: string) =>
    request<{ items: Referral[]; nextCursor: string | null }>(
      'GET',
      `/api/tracing/referrals?status=${status}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  decideReferral: (id: string, decision: 'link' | 'dismiss') =>
    request<Referral>('POST', `/api/tracing/referrals/${enc(id)}/decision`, { decision }),
  /** One keyset page of the case list (`cursor` = the previous page's `nextCursor`). */
  list: (params: { status?: string; classification?: string } = {}, cursor?: string) => {
    const q = new URLSearchParams({ limit: '100' });
    if (params.status) q.set('status', params.status);
    if (params.classification) q.set('classification', params.classification);
    if (cursor) q.set('cursor', cursor);
    return request<{ items: CaseSummary[]; total: number; nextCursor: string | null }>(
      'GET',
      `/api/cases?${q.toString()}`,
    );
  },
  get: (id: string) => request<CaseView>('GET', `/api/cases/${enc(id)}`),
  /** The next page of a case's contacts (the case page's order), after `cursor`. */
  contacts: (id: string, cursor: string) =>
    request<{ items: ContactItem[]; nextCursor: string | null; outsideJurisdiction: number }>(
      'GET',
      `/api/cases/${enc(id)}/contacts?cursor=${enc(cursor)}`,
    ),
  update: (id: string, body: CaseUpdate) => request<{ ok: true }>('PATCH', `/api/cases/${enc(id)}`, body),
  assignCase: (caseId: string, tracerId: string | null) =>
    request<{ ok: true }>('POST', `/api/cases/${enc(caseId)}/assign`, { tracerId }),
  interview: (id: string, body: { answers: Record<string, string>; contacts: NamedContact[] }) =>
    request<{ interviewId: string; proposed: number; linked: number }>(
      'POST',
      `/api/cases/${enc(id)}/interview`,
      body,
    ),
  decide: (contactId: string, decision: 'confirm' | 'dismiss') =>
    request<{ contactId: string; proposed: number }>('POST', `/api/contacts/${enc(contactId)}/decision`, {
      decision,
    }),
  updateContact: (
    contactId: string,
    body: { followUpStatus?: FollowUpStatus; note?: string | null; assignedTracerId?: string | null },
  ) => request<{ ok: true }>('PATCH', `/api/contacts/${enc(contactId)}`, body),
  recordFollowUp: (contactId: string, body: { outcome: FollowUpOutcome; note?: string }) =>
    request<{ followUpId: string }>('POST', `/api/contacts/${enc(contactId)}/followups`, body),
  /** Every tracer of my jurisdiction (for the assignment list), following the cursor to the end. */
  tracers: async () => {
    const items: Tracer[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Tracer[]; nextCursor: string | null } = await request(
        'GET',
        `/api/tracing/tracers${cursor ? `?cursor=${enc(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { items };
  },
  worklist: (
    mine: boolean,
    more?: { section: WorklistSection; cursor: string },
    only?: { communeCode?: string; caseId?: string },
  ) => {
    const q = new URLSearchParams();
    if (mine) q.set('mine', 'true');
    if (only?.communeCode) q.set('communeCode', only.communeCode);
    if (only?.caseId) q.set('caseId', only.caseId);
    if (more) {
      q.set('section', more.section);
      q.set('cursor', more.cursor);
    }
    return request<Worklist>('GET', `/api/tracing/worklist?${q.toString()}`);
  },
  chain: (diseaseCode = 'COVID-19') =>
    request<ServerChain>('GET', `${CHAIN_PATH}?diseaseCode=${enc(diseaseCode)}`).then((g) =>
      toChainData(g, i18n.t('casesWeb.chain.hidden')),
    ),
  clusters: (diseaseCode = 'COVID-19') =>
    request<{ clusters: ClusterView[]; venueClusters: VenueCluster[] }>(
      'GET',
      `/api/tracing/clusters?diseaseCode=${enc(diseaseCode)}`,
    ),
  personStatus: (personId: string) =>
    request<{ items: EpiStatusView[] }>('GET', `/api/persons/${enc(personId)}/epi-status`),
  myStatus: () =>
    request<{ items: (EpiStatusView & { personId: string; guidance: F1GuidanceView | null })[] }>(
      'GET',
      '/api/me/epi-status',
    ),
};
