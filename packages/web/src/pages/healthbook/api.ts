/** The health book's part of the API client (same `request` as the rest of the app). */
import { request } from '../../api.ts';

/** One record of a person's timeline, as the server presents it. */
export interface TimelineRecord {
  kind: string;
  id: string;
  personId: string;
  at: string;
  enteredAt: string | null;
  source: string | null;
  enteredBy?: { id: string; name: string | null; role: string | null } | null;
  owner: { kind: string; id: string | null; name: string | null; communeCode: string | null };
  detail: Record<string, string | number | boolean | null>;
}

export interface TimelinePage {
  personId: string;
  items: TimelineRecord[];
  nextCursor: string | null;
}

/** A status colour card with its short-lived signed QR token. */
export interface StatusCardAnswer {
  colour: string;
  hex: string;
  label: { vi: string; en: string };
  initials: string;
  on: string;
  expiresAt: string;
  token: string;
}

const page = (base: string, cursor?: string | null) =>
  request<TimelinePage>('GET', `${base}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

export const healthbookApi = {
  myRecords: (personId: string, cursor?: string | null) =>
    page(`/api/me/records/${encodeURIComponent(personId)}`, cursor),
  personRecords: (personId: string, cursor?: string | null) =>
    page(`/api/persons/${encodeURIComponent(personId)}/records`, cursor),
  myStatus: (personId: string) =>
    request<StatusCardAnswer>('GET', `/api/me/status/${encodeURIComponent(personId)}`),
};
