/**
 * Import from Excel/CSV (issue #18): download a template, upload a file, check the column
 * mapping (automatic by header, correctable, remembered per source), preview the first rows as
 * they will be stored, start the background import and follow its progress (rows/s, time left),
 * then download the error report; the history lists every file with who, when and counts.
 */
import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isRole } from '@epilink/core';
import { canImportLabFiles, importKind, importKindsFor } from '@epilink/core/imports/index';
import type { ImportKind } from '@epilink/core/imports/index';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { importsApi, type ImportJob, type PreviewRow } from './api.ts';
import { ImportHistory, ImportProgress } from './ImportProgress.tsx';

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

export function ImportsPage() {
  const { t } = useTranslation();
  const p = (key: string, params?: Record<string, string | number>) => t(`imports.page.${key}`, params);
  usePageTitle(p('title'));
  const { user } = useAuth();
  const role = user && isRole(user.role) ? user.role : null;
  // Only the kinds the server lets this role start (a lab technician's result files have their
  // own route, on the lab screen).
  const kinds = role ? importKindsFor(role) : [];
  const labFiles = role !== null && canImportLabFiles(role);
  const [kind, setKind] = useState<ImportKind>(() => kinds[0] ?? 'people');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File)) return;
    void act(async () => {
      const j = await importsApi.upload(
        kind,
        (() => {
          const v = f.get('source');
          return typeof v === 'string' ? v.trim() : '';
        })(),
        file,
      );
      setJob(j);
      setMapping(j.mapping);
      setPreview(null);
      setHistoryKey((k) => k + 1);
    });
  };

  const poll = useCallback(async (id: string) => {
    const j = await importsApi.job(id);
    setJob(j);
    return j;
  }, []);

  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setInterval(() => {
      poll(job.id)
        .then((j) => {
          if (j.status !== 'running') setHistoryKey((k) => k + 1);
        })
        .catch((e: unknown) => {
          setError(asError(e));
        });
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [job?.id, job?.status, poll]);

  const fields = job ? importKind(job.kind as ImportKind).fields : [];
  const labNotice = labFiles && (
    <p className="notice">
      {p('labFiles')} <Link to="/testing/import">{p('labFilesLink')}</Link>
    </p>
  );
  // A role with no spreadsheet kind (a lab technician) is shown its own way in, and no history it
  // may not read.
  if (kinds.length === 0)
    return (
      <>
        <h1>{p('title')}</h1>
        {labNotice}
      </>
    );

  return (
    <>
      <h1>{p('title')}</h1>
      {labNotice}
      <section className="card" aria-labelledby="imp-templates">
        <h2 id="imp-templates">{p('templates')}</h2>
        <ul className="inline-list">
          {kinds.map((k) => (
            <li key={k}>
              <a href={importsApi.templateUrl(k)} download>
                {p('download', { kind: t(`imports.kind.${k}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <form className="form card" aria-label={p('upload')} onSubmit={upload}>
        <h2>{p('upload')}</h2>
        <div className="field">
          <label htmlFor="imp-kind">{p('kindLabel')}</label>
          <select
            id="imp-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ImportKind);
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`imports.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="imp-source">{p('sourceLabel')}</label>
          <input id="imp-source" name="source" required maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="imp-file">{p('fileLabel')}</label>
          <input id="imp-file" name="file" type="file" accept=".xlsx,.csv,text/csv" required />
        </div>
        <button className="button" type="submit" disabled={busy}>
          {p('send')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}

      {job && job.alreadyImported && (
        <p className="notice notice--warning" role="status">
          {p('alreadyImported')}
        </p>
      )}

      {job && job.status === 'uploaded' && (
        <section className="card" aria-labelledby="imp-mapping">
          <h2 id="imp-mapping">{p('mapping')}</h2>
          <div className="form">
            {fields.map((field) => (
              <div className="field" key={field.key}>
                <label htmlFor={`map-${field.key}`}>
                  {p('columnFor', { field: t(`imports.field.${field.key}`) })}
                  {field.required ? ' *' : ''}
                </label>
                <select
                  id={`map-${field.key}`}
                  value={mapping[field.key] ?? ''}
                  onChange={(e) => {
                    const next = Object.fromEntries(Object.entries(mapping).filter(([k]) => k !== field.key));
                    if (e.target.value !== '') next[field.key] = Number(e.target.value);
                    setMapping(next);
                  }}
                >
                  <option value="">{p('notMapped')}</option>
                  {job.headers.map((h, i) => (
                    <option key={`${h}-${i}`} value={i}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <button
            className="button"
            type="button"
            disabled={busy}
            onClick={() => {
              void act(async () => {
                const j = await importsApi.setMapping(job.id, mapping);
                setJob(j);
                setPreview((await importsApi.preview(j.id)).rows);
              });
            }}
          >
            {p('saveMapping')}
          </button>
        </section>
      )}

      {job && preview && job.status === 'uploaded' && (
        <section className="card" aria-labelledby="imp-preview">
          <h2 id="imp-preview">{p('preview')}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{p('rowLabel')}</th>
                  {fields.map((f) => (
                    <th scope="col" key={f.key}>
                      {t(`imports.field.${f.key}`)}
                    </th>
                  ))}
                  <th scope="col">{p('problems')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((r) => (
                  <tr key={r.rowNumber}>
                    <td className="num">{r.rowNumber}</td>
                    {fields.map((f) => (
                      <td key={f.key}>{r.values[f.key] ?? ''}</td>
                    ))}
                    <td>
                      {r.errors.map((e) => `${t(`imports.field.${e.field}`)}: ${e.message}`).join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button
            className="button"
            type="button"
            disabled={busy}
            onClick={() => {
              void act(async () => {
                setJob(await importsApi.start(job.id));
              });
            }}
          >
            {p('start')}
          </button>
        </section>
      )}

      {job && job.status !== 'uploaded' && (
        <ImportProgress
          job={job}
          busy={busy}
          onStop={() => {
            void act(async () => {
              setJob(await importsApi.stop(job.id));
            });
          }}
          onResume={() => {
            void act(async () => {
              setJob(await importsApi.start(job.id));
            });
          }}
        />
      )}

      <ImportHistory
        reloadKey={historyKey}
        onOpen={(j) => {
          setJob(j);
          setMapping(j.mapping);
          setPreview(null);
        }}
      />
    </>
  );
}
