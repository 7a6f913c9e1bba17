/**
 * A person's epidemiological status (F0, F1 under monitoring, cleared, …), derived by the server
 * from the contact graph. `EpiStatusSection` is the card on the official person page and the
 * citizen pages; it reloads by itself when a live event concerns the person.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { diseaseName } from '../../diseaseName.ts';
import { useApi } from '../../hooks.ts';
import type { EpiStatusView } from './api.ts';
import { useLiveEvents, type LiveEvent } from './useLiveEvents.ts';
import './cases.css';

/** Words for a status: "F0 — case", "F1 — under monitoring", "Possible F2 (awaiting confirmation)" … */
export function useEpiStatusLabel(): (
  s: Pick<EpiStatusView, 'status' | 'degree' | 'proposedDegree'>,
) => string {
  const { t } = useTranslation();
  return useCallback(
    (s) => {
      if (s.status === 'f0') return t('casesWeb.epi.f0');
      const f = /^f(\d+)$/u.exec(s.status);
      if (f) return t('casesWeb.epi.fn', { n: Number(f[1]) });
      if (s.status === 'candidate') return t('casesWeb.epi.candidate', { n: s.proposedDegree ?? 1 });
      if (s.status === 'cleared' || s.status === 'recovered' || s.status === 'died')
        return t(`casesWeb.epi.${s.status}`);
      return s.status;
    },
    [t],
  );
}

/** The CSS modifier of a status pill. */
export function epiClass(status: string): string {
  if (status === 'f0') return 'epi-status epi-status--f0';
  if (status === 'f1' || status === 'candidate') return 'epi-status epi-status--f1';
  if (/^f\d+$/u.test(status)) return 'epi-status epi-status--f2';
  if (status === 'cleared' || status === 'recovered') return 'epi-status epi-status--cleared';
  return 'epi-status';
}

/** The statuses of one person, one line per disease. */
export function EpiStatusList({ items }: { items: EpiStatusView[] }) {
  const { t, i18n } = useTranslation();
  const label = useEpiStatusLabel();
  if (items.length === 0) return <p className="muted">{t('casesWeb.epi.none')}</p>;
  return (
    <dl className="facts">
      {items.map((s) => (
        <div key={s.diseaseCode}>
          <dt>{diseaseName(s.diseaseCode, i18n.language)}</dt>
          <dd>
            <span className={epiClass(s.status)} data-testid="epi-status">
              {label(s)}
            </span>
            {s.monitoringUntil && (
              <span className="muted small">
                {' '}
                · {t('casesWeb.epi.monitoringUntil', { date: formatDate(s.monitoringUntil, i18n.language) })}
              </span>
            )}
            <span className="muted small">
              {' '}
              · {t('casesWeb.epi.updated', { at: formatDateTime(s.updatedAt, i18n.language) })}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A card with a person's status, live. `load` fetches the statuses (official or citizen route);
 * `personId` filters the live events to this person.
 */
export function EpiStatusSection({
  personId,
  load,
}: {
  personId: string;
  load: () => Promise<{ items: EpiStatusView[] }>;
}) {
  const { t } = useTranslation();
  const { latest, error, loading, reload } = useApi(load);
  useLiveEvents(
    useCallback((e: LiveEvent) => e.data.personId === personId || e.data.id === personId, [personId]),
    reload,
  );
  return (
    <section aria-labelledby={`epi-${personId}`} className="card" aria-live="polite">
      <h2 id={`epi-${personId}`}>{t('casesWeb.epi.title')}</h2>
      {error && !isAbsent(error) && <ErrorBox error={error} onRetry={reload} />}
      {error && isAbsent(error) && <p className="muted">{t('casesWeb.epi.none')}</p>}
      {loading && !latest && <Loading />}
      {latest && <EpiStatusList items={latest.items} />}
    </section>
  );
}

/** No status to show: not allowed to read it, or nothing stored for the person. */
function isAbsent(e: ApiError): boolean {
  return e.status === 403 || e.status === 404;
}
