/** The import API as the imports page uses it (raw file upload, PUT mapping: beyond api.ts's JSON helper). */
import { ApiError, CSRF_HEADER } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';

/** An import job as the server presents it. */
export interface ImportJob {
  id: string;
  kind: string;
  source: string;
  fileName: string | null;
  format: string;
  status: 'uploaded' | 'running' | 'stopped' | 'done' | 'failed';
  headers: string[];
  mapping: Record<string, number>;
  totalRows: number;
  processedRows: number;
  importedCount: number;
  duplicateCount: number;
  reviewCount: number;
  errorCount: number;
  importedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  alreadyImported: boolean;
}

/** The lab screen's report of one result file. */
export interface LabFileReport {
  importId: string;
  alreadyImported: boolean;
  rowCount: number;
  imported: number;
  unchanged: number;
  errors: { line: number; barcode: string; reason: string; message: string }[];
}

/** One previewed row. */
export interface PreviewRow {
  rowNumber: number;
  values: Record<string, string>;
  errors: { field: string; column: number | null; reason: string; message: string }[];
}

async function call<T>(method: string, path: string, body?: BodyInit, type?: string): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (type) headers['Content-Type'] = type;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body ?? null });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('web.errors.network'));
  }
  if (!res.ok) {
    const parsed = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
    } | null;
    const e = parsed?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'UNEXPECTED',
      e?.message ?? i18n.t('web.errors.unexpected', { status: res.status }),
      null,
      (e?.details ?? []).map((d) => ({ path: d.path, message: d.message })),
    );
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

/** The import endpoints. */
export const importsApi = {
  upload: (kind: string, source: string, file: File) =>
    call<ImportJob>(
      'POST',
      `/api/imports?kind=${enc(kind)}&source=${enc(source)}&fileName=${enc(file.name)}`,
      file,
      file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
    ),
  job: (id: string) => call<ImportJob>('GET', `/api/imports/${enc(id)}`),
  list: () => call<{ items: ImportJob[]; nextCursor: string | null }>('GET', '/api/imports?limit=20'),
  preview: (id: string) => call<{ rows: PreviewRow[] }>('GET', `/api/imports/${enc(id)}/preview`),
  setMapping: (id: string, mapping: Record<string, number>) =>
    call<ImportJob>(
      'PUT',
      `/api/imports/${enc(id)}/mapping`,
      JSON.stringify({ mapping }),
      'application/json',
    ),
  start: (id: string) => call<ImportJob>('POST', `/api/imports/${enc(id)}/start`),
  stop: (id: string) => call<ImportJob>('POST', `/api/imports/${enc(id)}/stop`),
  /** A lab run's result file (CSV or xlsx) on the lab screen: imported at once, reported per row. */
  uploadLabFile: (labName: string, labRun: string | null, file: File) =>
    call<LabFileReport>(
      'POST',
      `/api/testing/imports/file?labName=${enc(labName)}&fileName=${enc(file.name)}${labRun ? `&labRun=${enc(labRun)}` : ''}`,
      file,
      file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
    ),
  labErrorReportUrl: (id: string) => `/api/testing/imports/${enc(id)}/errors.xlsx`,
  templateUrl: (kind: string) => `/api/imports/templates/${enc(kind)}`,
  errorReportUrl: (id: string) => `/api/imports/${enc(id)}/errors.xlsx`,
};
