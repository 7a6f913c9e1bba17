/**
 * Lab result file import (CSV or xlsx, on the import machinery): one file per lab run; the report
 * lists every refused row with its line and reason, and links the row-level error report (xlsx).
 */
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { importsApi, type LabFileReport } from '../imports/api.ts';
import { fieldText } from './api.ts';
import { TestingTabs } from './TestingTabs.tsx';

export function ImportPage() {
  const { t } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.import.${key}`, p);
  usePageTitle(k('title'));
  const [report, setReport] = useState<LabFileReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File)) return;
    setBusy(true);
    try {
      const r = await importsApi.uploadLabFile(fieldText(f, 'labName'), fieldText(f, 'labRun') || null, file);
      setReport(r);
      setError(null);
    } catch (err) {
      setReport(null);
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      <p className="muted small">{k('help')}</p>
      <form
        className="form card"
        aria-label={k('title')}
        onSubmit={(e) => {
          void submit(e);
        }}
      >
        <div className="field">
          <label htmlFor="imp-lab">{k('lab')}</label>
          <input id="imp-lab" name="labName" required maxLength={160} />
        </div>
        <div className="field">
          <label htmlFor="imp-run">{k('labRun')}</label>
          <input id="imp-run" name="labRun" maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="imp-file">{k('file')}</label>
          <input
            id="imp-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
        </div>
        <button className="button" type="submit" disabled={busy}>
          {k('submit')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      {report && (
        <section className="card" aria-live="polite" aria-label={k('title')}>
          {report.alreadyImported && <p className="notice notice--warning">{k('already')}</p>}
          <p>
            {k('summary', {
              rows: report.rowCount,
              imported: report.imported,
              unchanged: report.unchanged,
              errors: report.errors.length,
            })}
          </p>
          {report.errors.length > 0 && (
            <p>
              <a href={importsApi.labErrorReportUrl(report.importId)} download>
                {t('imports.page.errorReport')}
              </a>
            </p>
          )}
          {report.errors.length > 0 && (
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">{k('line')}</th>
                  <th scope="col">{t('testing.results.barcode')}</th>
                  <th scope="col">{k('why')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.line}-${e.reason}`}>
                    <td data-label={k('line')} className="num">
                      {e.line}
                    </td>
                    <td data-label={t('testing.results.barcode')} className="mono">
                      {e.barcode}
                    </td>
                    <td data-label={k('why')}>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
