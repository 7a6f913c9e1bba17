/**
 * The dashboard's downloads (issue #13 item 2) and its table of doses by age band and dose kind
 * (item 1): the scope on screen as CSV (daily figures, child units, doses by age band) or one xlsx
 * workbook, headers in the language on screen.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/Feedback.tsx';
import { useApi } from '../../hooks.ts';
import { exportUrl, fetchDosesByAge, type ExportKind, type Scope } from './api.ts';

const KINDS: readonly ExportKind[] = ['xlsx', 'csv', 'childrenCsv', 'dosesCsv'];

export function Downloads({ scope }: { scope: Scope }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <section className="situation-downloads" aria-labelledby="situation-downloads-title">
      <h2 id="situation-downloads-title" className="situation-downloads__title">
        {t('situation.downloads.title')}
      </h2>
      <ul className="chips">
        {KINDS.map((kind) => (
          <li key={kind}>
            <a className="button button--secondary" href={exportUrl(scope, kind, lang)} download>
              {t(`situation.downloads.${kind}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Doses of the period by age band and dose kind, fetched again when `version` changes (the page
 * bumps it at most once a minute as live figures arrive: the server reads the dose rows).
 */
export function DosesByAgeTable({ scope, version }: { scope: Scope; version: number }) {
  const { t, i18n } = useTranslation();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` asks for a refetch after a live event
  const load = useCallback(() => fetchDosesByAge(scope), [scope, version]);
  const { latest, error, reload } = useApi(load);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  const k = (key: string) => t(`situation.doses.${key}`);
  const columns = ['first', 'second', 'booster', 'additional', 'total'] as const;
  return (
    <section className="situation-chart situation-doses" aria-labelledby="situation-doses-title">
      <h2 id="situation-doses-title" className="situation-chart__title">
        {k('title')}
      </h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {latest && (
        <div className="table-scroll">
          <table className="table" data-testid="doses-by-age">
            <thead>
              <tr>
                <th scope="col">{k('ageBand')}</th>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {k(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {latest.map((b) => (
                <tr key={b.ageBand}>
                  <th scope="row" data-label={k('ageBand')}>
                    {b.ageBand === 'unknown' ? k('unknownAge') : b.ageBand}
                  </th>
                  {columns.map((c) => (
                    <td key={c} data-label={k(c)}>
                      {nf.format(b[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
