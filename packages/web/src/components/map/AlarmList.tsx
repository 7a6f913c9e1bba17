/** The map's early-warning layer (issue #14 item 5): a commune's open alarms, method and numbers. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { alarmNumbers } from '../../pages/analytics/alarms/AlarmTasks.tsx';
import type { Alarm } from '../../pages/analytics/alarms/api.ts';
import { formatDate } from '../../format.ts';

/** A commune's alarms in one line (the marker's label): "EARS C1, 7-day incidence (2 alarms)". */
export function alarmSummary(t: TFunction, alarms: readonly Alarm[]): string {
  if (alarms.length === 0) return t('alarmsWeb.mapLegendNone');
  const methods = [...new Set(alarms.map((a) => t(`alarmsWeb.method.${a.method}`)))].join(', ');
  return `${methods} (${t('alarmsWeb.mapCount', { count: alarms.length })})`;
}

/** The chosen commune's open alarms, each with its method, disease, day and numbers. */
export function AlarmList({ alarms }: { alarms: readonly Alarm[] }) {
  const { t, i18n } = useTranslation();
  if (alarms.length === 0) return null;
  return (
    <section className="card" aria-labelledby="epimap-alarms">
      <h3 id="epimap-alarms">{t('alarmsWeb.mapPanel')}</h3>
      <ul className="plain-list">
        {alarms.map((a) => (
          <li key={a.id}>
            <strong>{t(`alarmsWeb.method.${a.method}`)}</strong> · {a.disease} ·{' '}
            {formatDate(a.day, i18n.language)}: {alarmNumbers(t, a)}
          </li>
        ))}
      </ul>
    </section>
  );
}
