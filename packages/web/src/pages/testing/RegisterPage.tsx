/** Staff registration: a person of my jurisdiction, at a site, in a time slot, for a test type and reason. */

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type PersonSummary } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { PersonPicker } from '../vaccination/PersonPicker.tsx';
import { slotLabel, testingApi } from './api.ts';
import { PersonLine } from './SpecimenPerson.tsx';
import { useSitePicker } from './SitePicker.tsx';
import { TestingTabs } from './TestingTabs.tsx';
import { TestKindFields } from './TestKindFields.tsx';

const FULL_WIDTH = { width: '100%' } as const;

/** The current instant (ms), ticking each minute: slots that end drop out of the list. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => {
      setNow(Date.now());
    }, 60_000);
    return () => {
      window.clearInterval(id);
    };
  }, []);
  return now;
}

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.register.${key}`, p);
  usePageTitle(k('title'));
  const { siteId, picker } = useSitePicker();
  const [version, setVersion] = useState(0);
  // Only slots not over yet (#19 item 10): the server lists from now on, and a slot that ends while
  // the page stays open is dropped at the next minute's tick.
  const now = useNow();
  const sessions = usePaged(
    useCallback(
      (cursor?: string) =>
        siteId
          ? testingApi.sessions(siteId, cursor, new Date().toISOString())
          : Promise.resolve({ items: [], nextCursor: null }),
      // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a change
      [siteId, version],
    ),
  );
  const [sessionId, setSessionId] = useState('');
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [testType, setTestType] = useState<string>('rtPcr');
  const [reason, setReason] = useState<string>('screening');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const regs = usePaged(
    useCallback(
      (cursor?: string) =>
        siteId
          ? testingApi.registrations({
              ...(sessionId ? { sessionId } : { siteId }),
              ...(cursor ? { cursor } : {}),
            })
          : Promise.resolve({ items: [], nextCursor: null }),
      // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a registration
      [siteId, sessionId, version],
    ),
  );

  const submit = () => {
    if (!person || !siteId) return;
    testingApi.register({ personId: person.id, siteId, sessionId: sessionId || null, testType, reason }).then(
      () => {
        setError(null);
        setDone(k('done', { name: person.fullName }));
        setPerson(null);
        setVersion((v) => v + 1);
      },
      (e: unknown) => {
        setDone(null);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      {picker}
      {siteId && (
        <div className="form card">
          <div className="field">
            <label htmlFor="reg-session">{t('testing.sites.session')}</label>
            <select
              id="reg-session"
              style={FULL_WIDTH}
              value={sessionId}
              onChange={(e) => {
                setSessionId(e.target.value);
              }}
            >
              <option value="">—</option>
              {sessions.items
                .filter((s) => Date.parse(s.endsAt) > now)
                .map((s) => (
                  <option key={s.id} value={s.id} disabled={s.free === 0}>
                    {slotLabel(s, i18n.language)} ·{' '}
                    {s.free > 0 ? t('testing.sites.free', { count: s.free }) : t('testing.sites.full')}
                  </option>
                ))}
            </select>
          </div>
          <LoadMore list={sessions} />
          <PersonPicker id="reg-person" label={k('person')} onPick={setPerson} />
          {person && (
            <p>
              <PersonLine person={person} />
            </p>
          )}
          <TestKindFields
            idPrefix="reg"
            testType={testType}
            reason={reason}
            onTestType={setTestType}
            onReason={setReason}
          />
          <button type="button" className="button" disabled={!person} onClick={submit}>
            {k('submit')}
          </button>
          <div aria-live="polite">{done && <p className="notice notice--success">{done}</p>}</div>
          {error && <ErrorBox error={error} />}
        </div>
      )}
      {siteId && (
        <section aria-labelledby="reg-list">
          <h2 id="reg-list">{k('list')}</h2>
          {regs.latest?.items.length === 0 && <p>{k('none')}</p>}
          <ul className="list">
            {regs.items.map((r) => (
              <li key={r.id}>
                {r.fullName} · {t(`testing.type.${r.testType}`)} · {t(`testing.reason.${r.reason}`)} ·{' '}
                <span className="badge">{t(`testing.status.${r.status}`)}</span>
              </li>
            ))}
          </ul>
          <LoadMore list={regs} />
        </section>
      )}
    </>
  );
}
