/**
 * The chosen person's epidemiological standing at the vaccination desk (#19 item 3): case or
 * isolation, F1 or quarantine, latest positive test, and what the rule in force says to do on the
 * session's day (defer, until when), with its source document.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { vaccinationApi } from './api.ts';

export function StandingPanel({ personId, day }: { personId: string; day: string }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string>) => t(`vaccination.web.standing.${key}`, p);
  const date = (d: string) => formatDate(d, i18n.language) ?? d;
  const standing = useApi(useCallback(() => vaccinationApi.standing(personId, day), [personId, day]));
  const s = standing.latest;
  if (standing.error) return <ErrorBox error={standing.error} onRetry={standing.reload} />;
  if (!s) return <p className="muted small">{k('loading')}</p>;
  const defer = s.advice.action === 'defer';
  const clear =
    !defer && !s.order && !s.lastPositiveOn && (s.epiStatus === null || s.epiStatus === 'cleared');
  return (
    <section
      aria-label={k('title')}
      data-testid="dose-standing"
      role={defer ? 'alert' : undefined}
      className={defer ? 'notice notice--warning' : 'notice'}
    >
      <p>
        <strong>{k('title')}</strong>
      </p>
      {clear ? (
        <p>{k('clear')}</p>
      ) : (
        <ul>
          <li>
            {s.epiStatus
              ? k('status', { status: t(`vaccination.web.standing.statuses.${s.epiStatus}`, s.epiStatus) })
              : k('noStatus')}
          </li>
          {s.order && (
            <li>
              {k(s.order.role === 'F0' ? 'orderF0' : 'orderF1', {
                kind: t(`vaccination.web.standing.kinds.${s.order.kind}`, s.order.kind),
                date: date(s.order.endDate),
              })}
            </li>
          )}
          {s.lastPositiveOn && <li>{k('positive', { date: date(s.lastPositiveOn) })}</li>}
        </ul>
      )}
      <p>
        <strong>
          {defer
            ? s.advice.until
              ? k('deferUntil', { date: date(s.advice.until) })
              : k('defer')
            : k('vaccinate')}
        </strong>
        {defer && (
          <>
            {' '}
            {k('because', {
              reasons: s.advice.reasons.map((r) => t(`vaccination.web.standing.reasons.${r}`)).join('; '),
            })}
          </>
        )}
      </p>
      {s.ruleSource && <p className="small muted">{k('source', { source: s.ruleSource })}</p>}
    </section>
  );
}
