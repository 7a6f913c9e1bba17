/**
 * Early-warning alarms as tasks of the commune's worklist (issue #14 item 5): each alarm of the
 * jurisdiction not closed yet with its method and numbers, and a form to acknowledge it (open) or
 * close it as resolved (acknowledged) with a note. Alarms also close themselves after the policy's
 * quiet days. Live: an `alarm` event reloads the list. A role that may not read alarms sees nothing.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDate } from '../../../format.ts';
import { diseaseName } from '../../../diseaseName.ts';
import { useAuth } from '../../../auth.tsx';
import { useApi } from '../../../hooks.ts';
import { canReadIndicators } from '../../situation/access.ts';
import { useLiveEvents } from '../../cases/useLiveEvents.ts';
import { alarmsApi } from './api.ts';
import type { Alarm } from './api.ts';

/** The alarm's numbers in words (method-specific). */
export function alarmNumbers(t: TFunction, a: Alarm): string {
  return t(a.method === 'weeklyIncidence' ? 'alarmsWeb.incidence' : 'alarmsWeb.ears', {
    observed: a.observed,
    threshold: a.threshold,
  });
}

function AlarmTask({ alarm, onDone }: { alarm: Alarm; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const commune = alarm.communeName ?? alarm.communeCode;
  const labelId = `alarm-${alarm.id}`;
  const acknowledged = alarm.status === 'acknowledged';
  return (
    <li className="card" aria-labelledby={labelId}>
      <h3 id={labelId}>
        {t(`alarmsWeb.method.${alarm.method}`)} —{' '}
        {t('alarmsWeb.where', {
          commune,
          disease: diseaseName(alarm.disease, i18n.language),
          day: formatDate(alarm.day, i18n.language),
        })}
      </h3>
      <p>{alarmNumbers(t, alarm)}</p>
      {acknowledged && alarm.note && (
        <p className="small">{t('alarmsWeb.acknowledgedNote', { note: alarm.note })}</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim().length < 3) {
            setError(t('alarmsWeb.noteTooShort'));
            return;
          }
          setError('');
          const act = acknowledged ? alarmsApi.close : alarmsApi.acknowledge;
          act(alarm.id, note.trim()).then(
            () => {
              onDone(t(acknowledged ? 'alarmsWeb.closed' : 'alarmsWeb.acknowledged', { commune }));
            },
            () => {
              setError(t(acknowledged ? 'alarmsWeb.closeFailed' : 'alarmsWeb.failed'));
            },
          );
        }}
      >
        <label className="field">
          <span>{t('alarmsWeb.note')}</span>
          <input
            value={note}
            maxLength={1000}
            onChange={(e) => {
              setNote(e.target.value);
            }}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button">
          {t(acknowledged ? 'alarmsWeb.close' : 'alarmsWeb.acknowledge')}
        </button>
      </form>
    </li>
  );
}

const loadOpen = () => alarmsApi.open();
const noAlarms = () => Promise.resolve(null);
const isAlarmEvent = (e: { type: string }) => e.type === 'alarm';

/** The worklist's early-warning section. */
export function AlarmTasks() {
  const { t } = useTranslation();
  const { user } = useAuth();
  // A tracer may not read alarms (indicator:read): not asked, so no 403 in the browser's console.
  const { latest, reload } = useApi(canReadIndicators(user) ? loadOpen : noAlarms);
  const [message, setMessage] = useState('');
  useLiveEvents(isAlarmEvent, reload);
  const done = useCallback(
    (m: string) => {
      setMessage(m);
      reload();
    },
    [reload],
  );
  // Not the caller's to read (or not loaded yet): the worklist goes on without it.
  if (!latest) return null;
  const alarms = latest.alarms;
  return (
    <section aria-labelledby="wl-alarms">
      <h2 id="wl-alarms">{t('alarmsWeb.title', { count: alarms.length })}</h2>
      <p role="status" className="small">
        {message}
      </p>
      <p className="muted small">{t('alarmsWeb.closingRule')}</p>
      {alarms.length === 0 ? (
        <p className="muted">{t('alarmsWeb.nothing')}</p>
      ) : (
        <ul className="plain-list">
          {alarms.map((a) => (
            <AlarmTask key={a.id} alarm={a} onDone={done} />
          ))}
        </ul>
      )}
    </section>
  );
}
