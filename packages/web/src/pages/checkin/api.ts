/** The check-in module's part of the API client (typed; same `request` as the rest of the app). */
import { request } from '../../api.ts';
import { formatTimeOfDay } from '@epilink/core';

export interface PublicVenue {
  name: string;
  type: string;
  address: string;
  communeName: string | null;
  defaultStayMinutes: number;
  retentionDays: number;
}

export interface Visit {
  id: string;
  personId: string | null;
  checkedInAt: string;
  checkedOutAt: string;
  duplicate: boolean;
}

export interface Venue {
  id: string;
  name: string;
  type: string;
  address: string;
  communeCode: string;
  districtCode: string;
  communeName: string | null;
  capacity: number | null;
  openingHours: string | null;
  defaultStayMinutes: number;
  status: 'pending' | 'approved' | 'rejected' | 'suspended';
  token: string | null;
  createdAt: string;
  counts: { today: number; last7Days: number; presentNow: number };
}

export interface HistoryItem {
  id: string;
  personId: string;
  venue: { name: string; address: string };
  method: string;
  checkedInAt: string;
  checkedOutAt: string;
  open: boolean;
}

export interface ActivityRow {
  key: string;
  name: string | null;
  registered: number;
  active: number;
  checkinsToday: number;
  checkins7Days: number;
}

export interface Activity {
  asOf: string;
  totals: { registered: number; active: number; checkinsToday: number };
  byDistrict: ActivityRow[];
  byCommune: ActivityRow[];
  byType: ActivityRow[];
  perDay: { day: string; count: number }[];
  /** The first page of quiet venues; the rest by `quietNextCursor` (checkinApi.quiet). */
  quiet: QuietVenue[];
  quietNextCursor: string | null;
}

export interface QuietVenue {
  id: string;
  name: string;
  type: string;
  communeCode: string;
  lastCheckinDay: string | null;
}

export interface Contact {
  personId: string | null;
  fullName: string | null;
  guestPhone: string | null;
  venue: { id: string; name: string; communeCode: string };
  exposureDate: string;
  overlapMinutes: number;
  firstOverlapAt: string;
  /** Their latest declaration of the last 14 days (null: none the caller may see). */
  declaration: RecentDeclaration | null;
}

/** A person's latest recent declaration and its triage (#15 item 7). */
export interface RecentDeclaration {
  id: string;
  kind: string;
  day: string;
  action: string;
  flagged: boolean;
  flagStatus: string;
}

export interface VenueInput {
  name: string;
  type: string;
  address: string;
  communeCode: string;
  capacity?: number | null;
  openingHours?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  defaultStayMinutes?: number;
}

const enc = encodeURIComponent;

export const checkinApi = {
  venueOf: (token: string) => request<{ venue: PublicVenue }>('GET', `/api/checkin/${enc(token)}`),
  guestCheckin: (token: string, phone: string, fullName: string) =>
    request<{ venue: { name: string }; visits: Visit[]; checkoutToken: string | null }>(
      'POST',
      `/api/checkin/${enc(token)}/guest`,
      { phone, fullName },
    ),
  /** Check-out needs the token the check-in returned (a phone and a name are not enough). */
  guestCheckout: (token: string, checkoutToken: string) =>
    request<{ visits: Visit[] }>('POST', `/api/checkin/${enc(token)}/guest/checkout`, { checkoutToken }),
  citizenCheckin: (token: string, personIds: string[]) =>
    request<{ venue: { name: string }; visits: Visit[] }>('POST', '/api/me/checkins', { token, personIds }),
  citizenCheckout: (id: string) =>
    request<{ visits: Visit[] }>('POST', `/api/me/checkins/${enc(id)}/checkout`),
  /** One page of my history, newest first (`cursor` = the previous page's `nextCursor`). */
  history: (cursor?: string) =>
    request<{ items: HistoryItem[]; nextCursor: string | null }>(
      'GET',
      `/api/me/checkins?limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  myVenues: (cursor?: string) =>
    request<{ items: Venue[]; nextCursor: string | null }>(
      'GET',
      `/api/venues/mine${cursor ? `?cursor=${enc(cursor)}` : ''}`,
    ),
  venues: (status?: string, communeCode?: string, cursor?: string) => {
    const q = new URLSearchParams();
    if (status) q.set('status', status);
    if (communeCode) q.set('communeCode', communeCode);
    if (cursor) q.set('cursor', cursor);
    return request<{ items: Venue[]; nextCursor: string | null }>('GET', `/api/venues?${q.toString()}`);
  },
  register: (input: VenueInput) => request<{ venue: Venue }>('POST', '/api/venues', input),
  review: (id: string, status: 'approved' | 'rejected' | 'suspended') =>
    request<{ venue: Venue }>('POST', `/api/venues/${enc(id)}/review`, { status }),
  reissue: (id: string) => request<{ venue: Venue }>('POST', `/api/venues/${enc(id)}/token`),
  scan: (id: string, qr: string) =>
    request<{ name: string; visit: Omit<Visit, 'personId'> }>('POST', `/api/venues/${enc(id)}/scan`, { qr }),
  activity: () => request<Activity>('GET', '/api/checkins/activity'),
  quiet: (cursor: string) =>
    request<{ items: QuietVenue[]; nextCursor: string | null }>(
      'GET',
      `/api/checkins/activity/quiet?cursor=${encodeURIComponent(cursor)}`,
    ),
  contacts: (personIds: string[], from: string, to: string, purpose: string) =>
    request<{ contacts: Contact[]; outsideJurisdiction: number }>('POST', '/api/checkins/contacts', {
      personIds,
      from,
      to,
      purpose,
    }),
  posterUrl: (id: string, size: 'A4' | 'A5') => `/api/venues/${enc(id)}/poster.pdf?size=${size}`,
  bulkPosterUrl: (communeCode: string, size: 'A4' | 'A5') =>
    `/api/venues/posters.pdf?communeCode=${enc(communeCode)}&size=${size}`,
};

/** A time as HH:MM in the province (the one time format, core's formatTimeOfDay). */
export function hhmm(iso: string, lang: string): string {
  return formatTimeOfDay(iso, lang);
}
