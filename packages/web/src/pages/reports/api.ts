/**
 * The reports screens' reads and writes: stored sitreps (Contract E, `GET/POST /api/sitreps`) and
 * the adoption indicators (Contract A, `GET /api/indicators/adoption`). Types mirror the server's
 * presenters.
 */
import { request } from '../../api.ts';

/** A stored sitrep as listed. */
export interface Sitrep {
  id: string;
  unitCode: string;
  unitName: string;
  day: string;
  disease: string;
  lang: string;
  kind: 'scheduled' | 'on-demand';
  generatedAt: string;
  headline: Record<string, number>;
  sentences: string[];
}

/** One page of a unit's stored sitreps, newest first (`cursor` = the previous page's `nextCursor`). */
export function fetchSitreps(
  unit: string,
  cursor?: string,
): Promise<{ items: Sitrep[]; nextCursor: string | null }> {
  const params = new URLSearchParams({ unit });
  if (cursor !== undefined) params.set('cursor', cursor);
  return request('GET', `/api/sitreps?${params.toString()}`);
}

export function generateSitrep(body: { unitCode: string; day: string; lang: string }): Promise<Sitrep> {
  return request('POST', '/api/sitreps', body);
}

/** The file of a stored sitrep (the browser downloads it with the session cookie). */
export function sitrepFileUrl(id: string, format: 'pdf' | 'xlsx'): string {
  return `/api/sitreps/${encodeURIComponent(id)}/${format}`;
}

/** One commune's adoption figures (Contract A). */
export interface AdoptionRow {
  communeCode: string;
  communeName: string;
  venuesRegistered: number;
  venuesActive: number;
  citizensSignedIn: number;
  declarationsPerDay: number;
}

/** The adoption answer; `pending` names figures that stay 0 until their module exists. */
export interface Adoption {
  unit: { code: string; name: string; level: string };
  asOf: string;
  communes: AdoptionRow[];
  pending?: string[];
}

/** `GET /api/indicators/adoption?unit=&asOf=`, communes lowest first. */
export function fetchAdoption(
  unit: string,
  asOf: string,
): Promise<{ asOf?: string; communes: AdoptionRow[] }> {
  return request('GET', `/api/indicators/adoption?${new URLSearchParams({ unit, asOf }).toString()}`);
}
