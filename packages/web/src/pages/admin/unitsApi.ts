/**
 * The administrator's unit screens' part of the API client: loading the next unit list with its
 * change table (sent gzip-compressed, base64), the re-homing review queue; and the preview of the
 * chosen files, read in the browser before anything is sent.
 */
import { parseCsv } from '@epilink/core';
import { request } from '../../api.ts';

/** What a loaded list reports: units and change rows stored, change tables re-homed at once. */
export interface LoadedList {
  units: number;
  changes: number;
  rehomed: string[];
}

/** A row of a divided commune waiting for a province official's decision. */
export interface RehomingReview {
  id: string;
  changeSet: string;
  entity: string;
  entityId: string;
  oldCode: string;
  /** The divided commune's name in its list (null when the list does not have the code). */
  oldName: string | null;
  candidates: { code: string; name: string; share: number }[];
}

/** What the chosen list file holds, by level. */
export interface ListPreview {
  provinces: number;
  districts: number;
  communes: number;
}

/** What the chosen change table holds: rows by kind, and old communes divided among several. */
export interface ChangesPreview {
  rows: number;
  whole: number;
  part: number;
  unmapped: number;
  divided: number;
}

/** Why a chosen file cannot be previewed (a catalogue key under unitsAdmin.lists, with params). */
export class PreviewProblem extends Error {
  constructor(
    readonly messageKey: 'notJson' | 'noData' | 'notCsv',
    readonly params: Record<string, string> = {},
  ) {
    super(messageKey);
  }
}

interface RawLevel {
  level2s?: unknown;
  level3s?: unknown;
}

const asArray = (v: unknown): RawLevel[] => (Array.isArray(v) ? (v as RawLevel[]) : []);

/** Count the units of a published list (province → district → commune, or province → commune). */
export function previewList(text: string): ListPreview {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PreviewProblem('notJson');
  }
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new PreviewProblem('noData');
  const out = { provinces: 0, districts: 0, communes: 0 };
  for (const p of asArray(data)) {
    out.provinces += 1;
    for (const d of asArray(p.level2s)) {
      out.districts += 1;
      out.communes += asArray(d.level3s).length;
    }
    out.communes += asArray(p.level3s).length;
  }
  return out;
}

/** The columns the server requires of a change table. */
const REQUIRED = ['old_commune_code', 'new_commune_code', 'whole_or_part'] as const;

/** Count the rows of a change table by kind, and the old communes it divides. */
export function previewChanges(text: string): ChangesPreview {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/u, ''));
  const col = new Map((header ?? []).map((h, i) => [h.trim(), i]));
  const missing = REQUIRED.filter((h) => !col.has(h));
  if (missing.length > 0) throw new PreviewProblem('notCsv', { columns: missing.join(', ') });
  const get = (r: string[], name: (typeof REQUIRED)[number]) => (r[col.get(name)!] ?? '').trim();
  const out = { rows: records.length, whole: 0, part: 0, unmapped: 0, divided: 0 };
  const dividedOld = new Set<string>();
  for (const r of records) {
    const kind = get(r, 'whole_or_part');
    if (kind === 'whole' || kind === 'part' || kind === 'unmapped') out[kind] += 1;
    if (kind === 'part') dividedOld.add(get(r, 'old_commune_code'));
  }
  out.divided = dividedOld.size;
  return out;
}

/** Text compressed with gzip and encoded in base64 (what POST /api/units/lists takes). */
export async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const enc = encodeURIComponent;

export const unitsApi = {
  loadList: async (input: { dataset: string; validFrom: string; list: string; changes: string | null }) =>
    request<LoadedList>('POST', '/api/units/lists', {
      dataset: input.dataset,
      validFrom: input.validFrom,
      listGzip: await gzipBase64(input.list),
      changesGzip: input.changes === null ? null : await gzipBase64(input.changes),
    }),
  reviews: (cursor?: string) =>
    request<{ items: RehomingReview[]; nextCursor: string | null }>(
      'GET',
      `/api/units/rehoming-reviews?limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  decide: (id: string, communeCode: string) =>
    request<{ ok: true }>('POST', `/api/units/rehoming-reviews/${enc(id)}/decide`, { communeCode }),
};
