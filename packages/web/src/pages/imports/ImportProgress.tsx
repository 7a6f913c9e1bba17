/** The running import's progress (bar, rows/s, time left, counts, error report) and the import history. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { importsApi, type ImportJob } from './api.ts';

/** Progress of one import. */
export function ImportProgress({
  job,
  busy,
  onStop,
  onResume,
}: {
  job: ImportJob;
  busy: boolean;
  onStop: () => void;
  onResume: () => void;
}) {
  const { t } = useTranslation();
  const p = (key: string, params?: Record<string, string | number>) => t(`imports.page.${key}`, params);
  return (
    <section className="card" aria-labelledby="imp-progress" aria-live="polite">
      <h2 id="imp-progress">{p('progress')}</h2>
      <p>
        {job.fileName ?? job.id} — {t(`imports.status.${job.status}`)}
      </p>
      <progress
        aria-label={p('progress')}
        max={Math.max(1, job.totalRows)}
        value={job.processedRows}
        style={{ width: '100%' }}
      />
      <p>
        {p('counts', {
          imported: job.importedCount,
          duplicates: job.duplicateCount,
          reviews: job.reviewCount,
          errors: job.errorCount,
          total: job.totalRows,
        })}
      </p>
      {job.rowsPerSecond !== null && <p>{p('rate', { rate: job.rowsPerSecond })}</p>}
      {job.etaSeconds !== null && <p>{p('eta', { seconds: job.etaSeconds })}</p>}
      {job.status === 'running' && (
        <button className="button" type="button" onClick={onStop} disabled={busy}>
          {p('stop')}
        </button>
      )}
      {(job.status === 'stopped' || job.status === 'failed') && (
        <button className="button" type="button" onClick={onResume} disabled={busy}>
          {p('resume')}
        </button>
      )}
      {job.errorCount > 0 && (
        <p>
          <a href={importsApi.errorReportUrl(job.id)} download>
            {p('errorReport')}
          </a>
        </p>
      )}
    </section>
  );
}

/** The imports of my jurisdiction, newest first. */
export function ImportHistory({
  reloadKey,
  onOpen,
}: {
  reloadKey: number;
  onOpen: (job: ImportJob) => void;
}) {
  const { t, i18n } = useTranslation();
  const p = (key: string) => t(`imports.page.${key}`);
  const [items, setItems] = useState<ImportJob[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    importsApi
      .list()
      .then((r) => {
        setItems(r.items);
      })
      .catch((e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      });
  }, [reloadKey]);
  return (
    <section className="card" aria-labelledby="imp-history">
      <h2 id="imp-history">{p('history')}</h2>
      {error && <ErrorBox error={error} />}
      {items && items.length === 0 && <p className="muted">{p('none')}</p>}
      {items && items.length > 0 && (
        <table className="table table--cards">
          <thead>
            <tr>
              <th scope="col">{p('file')}</th>
              <th scope="col">{p('kindLabel')}</th>
              <th scope="col">{p('who')}</th>
              <th scope="col">{p('when')}</th>
              <th scope="col">{p('status')}</th>
              <th scope="col">{p('added')}</th>
              <th scope="col">{p('duplicates')}</th>
              <th scope="col">{p('problems')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((j) => (
              <tr key={j.id}>
                <td data-label={p('file')}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      onOpen(j);
                    }}
                  >
                    {j.fileName ?? j.id}
                  </button>
                </td>
                <td data-label={p('kindLabel')}>{t(`imports.kind.${j.kind}`)}</td>
                <td data-label={p('who')}>{j.importedBy}</td>
                <td data-label={p('when')}>{formatDateTime(j.createdAt, i18n.language)}</td>
                <td data-label={p('status')}>
                  {t(`imports.status.${j.status}`)} ({j.processedRows}/{j.totalRows})
                </td>
                <td data-label={p('added')} className="num">
                  {j.importedCount}
                </td>
                <td data-label={p('duplicates')} className="num">
                  {j.duplicateCount}
                </td>
                <td data-label={p('problems')}>
                  {j.errorCount > 0 ? (
                    <a href={importsApi.errorReportUrl(j.id)} download>
                      {j.errorCount}
                    </a>
                  ) : (
                    '0'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
