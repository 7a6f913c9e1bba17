/**
 * Zones and campaigns (issue #16 items 6–7): typed calls mirroring server/src/zones/routes.ts.
 */
import { request } from '../../api.ts';

export type ZoneKind = 'blockade' | 'campaign';

/** A zone or campaign as listed. */
export interface Zone {
  id: string;
  kind: ZoneKind;
  name: string;
  reason: string;
  decisionRef: string;
  startsOn: string;
  drawnBy: 'units' | 'polygon';
  polygon: [number, number][] | null;
  targetPercent: number | null;
  status: 'active' | 'lifted';
  liftedOn: string | null;
  liftDecisionRef: string | null;
}

/** A round's figures (total: communeCode null). */
export interface Figures {
  communeCode: string | null;
  members: number;
  tested: number;
  positives: number;
  testedPercent: number;
}

export interface Round {
  id: string;
  number: number;
  startsOn: string;
  endsOn: string;
  poolBy: 'household' | 'cluster';
  poolSize: number;
  memberCount: number;
  poolCount: number;
  total: Figures;
  byCommune: Figures[];
}

export interface LiftStatus {
  allowed: boolean;
  since: string;
  daysWithoutCase: number;
  earliestOn: string;
  daysRequired: number;
  lastCaseOn: string | null;
}

export interface ZoneDetail {
  zone: Zone & { communeCodes: string[] };
  rounds: Round[];
  lift: LiftStatus | null;
}

export interface Resident {
  id: string;
  fullName: string;
  dateOfBirth: string | null;
  communeCode: string | null;
}

export interface ZoneVenue {
  id: string;
  name: string;
  address: string;
  communeCode: string;
  insidePolygon: boolean | null;
}

/** A commune of the map's blockade layer. */
export interface ZoneOnMap {
  communeCode: string;
  zoneId: string;
  zoneName: string;
  kind: ZoneKind;
  round: number | null;
  testedPercent: number | null;
  positives: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const enc = encodeURIComponent;
const after = (cursor?: string) => (cursor ? `&cursor=${enc(cursor)}` : '');

export const zonesApi = {
  list: (kind: ZoneKind, cursor?: string) =>
    request<Page<Zone>>('GET', `/api/zones?kind=${kind}${after(cursor)}`),
  create: (body: {
    kind: ZoneKind;
    name: string;
    reason: string;
    decisionRef: string;
    startsOn: string;
    unitCodes?: string[];
    polygon?: [number, number][];
    targetPercent?: number;
  }) => request<{ id: string; communeCodes: string[] }>('POST', '/api/zones', body),
  get: (id: string) => request<ZoneDetail>('GET', `/api/zones/${enc(id)}`),
  residents: (id: string, cursor?: string) =>
    request<Page<Resident>>('GET', `/api/zones/${enc(id)}/residents?limit=50${after(cursor)}`),
  venues: (id: string, cursor?: string) =>
    request<Page<ZoneVenue>>('GET', `/api/zones/${enc(id)}/venues?limit=50${after(cursor)}`),
  untested: (id: string, roundId: string, cursor?: string) =>
    request<Page<Resident>>(
      'GET',
      `/api/zones/${enc(id)}/rounds/${enc(roundId)}/untested?limit=50${after(cursor)}`,
    ),
  schedule: (
    id: string,
    body: { startsOn: string; endsOn: string; siteId: string; poolBy?: 'household' | 'cluster' },
  ) => request<{ id: string }>('POST', `/api/zones/${enc(id)}/rounds`, body),
  lift: (id: string, body: { liftedOn: string; decisionRef: string }) =>
    request<{ id: string }>('POST', `/api/zones/${enc(id)}/lift`, body),
  map: () => request<{ items: ZoneOnMap[] }>('GET', '/api/zones/map'),
};
