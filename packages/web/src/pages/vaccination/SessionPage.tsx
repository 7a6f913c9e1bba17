/**
 * The vaccinator's session screen, built for a queue: pick today's session (remembered in the
 * URL), find the person (search or QR scanner), tick the screening answers, keep the lot chosen
 * for the next person, record in one click; the result stays on screen and focus returns to the
 * search box for the next person. A "refer" screening outcome may be vaccinated at a hospital-type
 * site (the server checks it too); the vaccinator ticks the listed groups the person belongs to
 * (they open the additional primary dose and dose 4). Sessions and a session's doses load a page at
 * a time, with "more".
 */
import { ATTESTED_GROUPS, SCREENING_QUESTION_KEYS, evaluateScreening, outcomeAllowsAt } from '@epilink/core';
import type { AttestedGroup, ScreeningAnswers } from '@epilink/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, type PersonSummary } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { vaccinationApi, todayIso, type DoseResult, type Lot, type VaccinationSession } from './api.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { StandingPanel } from './StandingPanel.tsx';
import { VaccinationTabs } from './VaccinationTabs.tsx';

const noAnswers = (): ScreeningAnswers =>
  Object.fromEntries(SCREENING_QUESTION_KEYS.map((k) => [k, false])) as ScreeningAnswers;

/** Lots a dose may be taken from today: of a product the session offers, not recalled, not expired, in stock. */
/** Long option texts must not widen the page past a phone's width. */
const FULL_WIDTH = { width: '100%' } as const;

export function usableLots(lots: Lot[], session: VaccinationSession, day: string): Lot[] {
  return lots.filter(
    (l) =>
      !l.recalled && l.expiryDate >= day && l.quantity > 0 && session.productCodes.includes(l.productCode),
  );
}

export function SessionPage() {
  const { t } = useTranslation();
  usePageTitle(t('vaccination.web.session.title'));
  const [params, setParams] = useSearchParams();
  const today = todayIso();
  const sessions = usePaged(
    useCallback((cursor?: string) => vaccinationApi.sessions(today, cursor), [today]),
  );
  const list = sessions.items;
  const sessionId = params.get('session') ?? list[0]?.id ?? '';

  return (
    <>
      <h1>{t('vaccination.web.session.title')}</h1>
      <VaccinationTabs />
      {sessions.loading && !sessions.latest && <Loading />}
      {sessions.error && <ErrorBox error={sessions.error} onRetry={sessions.reload} />}
      {sessions.latest && list.length === 0 && <p>{t('vaccination.web.session.none')}</p>}
      {list.length > 0 && (
        <div className="field">
          <label htmlFor="session-pick">{t('vaccination.web.session.pick')}</label>
          <select
            style={FULL_WIDTH}
            id="session-pick"
            value={sessionId}
            onChange={(e) => {
              setParams({ session: e.target.value }, { replace: true });
            }}
          >
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {t('vaccination.web.session.option', { site: s.facilityName, count: s.doseCount })}
              </option>
            ))}
          </select>
          <LoadMore list={sessions} label={t('vaccination.web.session.moreSessions')} />
        </div>
      )}
      {sessionId && <SessionDesk key={sessionId} sessionId={sessionId} onRecorded={sessions.reload} />}
    </>
  );
}

function SessionDesk({ sessionId, onRecorded }: { sessionId: string; onRecorded: () => void }) {
  const { t, i18n } = useTranslation();
  const detail = usePaged(
    useCallback(
      (cursor?: string) =>
        vaccinationApi.session(sessionId, cursor).then((page) => ({ ...page, items: page.doses })),
      [sessionId],
    ),
  );
  const session = detail.latest?.session;
  const facilityId = session?.facilityId ?? '';
  const lots = useApi(
    useCallback(
      () => (facilityId ? vaccinationApi.lots(facilityId) : Promise.resolve({ items: [] })),
      [facilityId],
    ),
  );
  const products = useApi(useCallback(() => vaccinationApi.products(), []));
  const productName = (code: string) => products.latest?.products.find((p) => p.code === code)?.name ?? code;

  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [answers, setAnswers] = useState<ScreeningAnswers>(noAnswers);
  const [groups, setGroups] = useState<AttestedGroup[]>([]);
  const [lotId, setLotId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ name: string; result: DoseResult } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const firstQuestionRef = useRef<HTMLInputElement>(null);

  const day = session?.date ?? todayIso();
  const usable = useMemo(
    () => (session ? usableLots(lots.latest?.items ?? [], session, day) : []),
    [lots.latest, session, day],
  );
  const lot = usable.find((l) => l.id === lotId) ?? usable[0];
  const screening = evaluateScreening(answers);
  // A "refer" outcome is vaccinated at a hospital: allowed when this session's site is one.
  const mayVaccinate = session ? outcomeAllowsAt(screening.outcome, session.facilityKind) : false;

  // Keyboard flow: a chosen person → the checklist; no person (start, after a dose) → the search box.
  const ready = detail.latest !== undefined;
  useEffect(() => {
    (person ? firstQuestionRef : searchRef).current?.focus();
  }, [person, ready]);

  const record = () => {
    if (!person || !lot || !session) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    vaccinationApi
      .recordDose({
        personId: person.id,
        facilityId: session.facilityId,
        sessionId: session.id,
        productCode: lot.productCode,
        lotId: lot.id,
        date: session.date,
        screening: answers,
        groups,
      })
      .then(
        (result) => {
          setBusy(false);
          setDone({ name: person.fullName, result });
          setPerson(null);
          setAnswers(noAnswers());
          setGroups([]);
          detail.reload();
          lots.reload();
          onRecorded();
        },
        (e: unknown) => {
          setBusy(false);
          setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
        },
      );
  };

  const voidDose = (id: string) => {
    const reason = window.prompt(t('vaccination.web.session.voidReason'));
    if (!reason?.trim()) return;
    vaccinationApi.voidDose(id, reason.trim()).then(
      () => {
        setNotice(t('vaccination.web.session.voided'));
        detail.reload();
        lots.reload();
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  if (!detail.latest)
    return detail.error ? <ErrorBox error={detail.error} onRetry={detail.reload} /> : <Loading />;
  const doses = detail.items;
  const doseCount = detail.latest.session.doseCount;

  return (
    <>
      <p className="muted">{t('vaccination.web.session.dosesToday', { count: doseCount })}</p>
      <div aria-live="polite">
        {done && (
          <div className="notice notice--success" role="status" data-testid="dose-result">
            <p>
              <strong>
                {t('vaccination.web.session.recorded', { dose: done.result.doseNumber, name: done.name })}
              </strong>
            </p>
            <p>
              {done.result.certificate
                ? t('vaccination.web.session.certificate', { uvci: done.result.certificate.uvci })
                : t('vaccination.web.session.noCertificate')}
            </p>
            {done.result.next && (
              <p>
                {t('vaccination.web.session.nextDose', {
                  dose: done.result.next.doseNumber,
                  earliest: formatDate(done.result.next.earliest, i18n.language),
                  due: formatDate(done.result.next.due, i18n.language),
                })}
              </p>
            )}
          </div>
        )}
        {notice && <p className="notice notice--info">{notice}</p>}
      </div>
      {error && <ErrorBox error={error} />}

      <form
        className="form card"
        aria-label={t('vaccination.web.session.title')}
        onSubmit={(e) => {
          e.preventDefault();
          record();
        }}
      >
        <h2>{t('vaccination.web.session.personStep')}</h2>
        {person ? (
          <p>
            {t('vaccination.web.session.chosen')}:{' '}
            <strong data-testid="chosen-person">{person.fullName}</strong>{' '}
            <span className="muted">
              {formatDate(person.dateOfBirth, i18n.language) ?? ''} {person.idNumberMasked ?? ''}
            </span>{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setPerson(null);
              }}
            >
              {t('vaccination.web.session.change')}
            </button>
          </p>
        ) : null}
        {person && <StandingPanel personId={person.id} day={day} />}
        {person ? null : (
          <PersonPicker
            id="dose-person"
            label={t('vaccination.web.session.search')}
            inputRef={searchRef}
            onPick={(p) => {
              setPerson(p);
              setDone(null);
              setError(null);
            }}
          />
        )}

        <fieldset style={{ minWidth: 0 }}>
          <legend>{t('vaccination.web.session.screeningStep')}</legend>
          <p className="muted small">{t('vaccination.web.session.screeningHint')}</p>
          {SCREENING_QUESTION_KEYS.map((k, i) => (
            <label key={k} className="radio">
              <input
                type="checkbox"
                ref={i === 0 ? firstQuestionRef : undefined}
                checked={answers[k]}
                onChange={(e) => {
                  setAnswers((a) => ({ ...a, [k]: e.target.checked }));
                }}
              />{' '}
              {t(`vaccination.screening.${k}`)}
            </label>
          ))}
          <p
            role="status"
            className={mayVaccinate ? 'muted' : 'notice notice--warning'}
            data-testid="screening-outcome"
          >
            {screening.outcome === 'refer'
              ? t(
                  mayVaccinate
                    ? 'vaccination.web.session.referHere'
                    : 'vaccination.web.session.referElsewhere',
                )
              : t('vaccination.web.session.screeningResult', {
                  outcome: t(`vaccination.outcome.${screening.outcome}`),
                })}
          </p>
        </fieldset>

        <fieldset style={{ minWidth: 0 }}>
          <legend>{t('vaccination.web.session.groupsStep')}</legend>
          <p className="muted small" id="dose-groups-hint">
            {t('vaccination.web.session.groupsHint')}
          </p>
          {ATTESTED_GROUPS.map((g) => (
            <label key={g} className="radio">
              <input
                type="checkbox"
                aria-describedby="dose-groups-hint"
                checked={groups.includes(g)}
                onChange={(e) => {
                  const on = e.target.checked;
                  setGroups((gs) => (on ? [...gs, g] : gs.filter((x) => x !== g)));
                }}
              />{' '}
              {t(`vaccination.web.session.groups.${g}`)}
            </label>
          ))}
        </fieldset>

        <h2>{t('vaccination.web.session.lotStep')}</h2>
        {usable.length === 0 ? (
          <p className="notice notice--warning">{t('vaccination.web.session.noLots')}</p>
        ) : (
          <div className="field">
            <label htmlFor="dose-lot">{t('vaccination.web.session.lot')}</label>
            <select
              style={FULL_WIDTH}
              id="dose-lot"
              value={lot?.id ?? ''}
              onChange={(e) => {
                setLotId(e.target.value);
              }}
            >
              {usable.map((l) => (
                <option key={l.id} value={l.id}>
                  {t('vaccination.web.session.lotOption', {
                    product: productName(l.productCode),
                    lot: l.lotNumber,
                    expiry: formatDate(l.expiryDate, i18n.language),
                    quantity: l.quantity,
                  })}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={!person || !lot || !mayVaccinate || busy}>
            {busy ? t('vaccination.web.session.recording') : t('vaccination.web.session.record')}
          </button>
        </div>
      </form>

      {doses.length > 0 && (
        <>
          <h2>{t('vaccination.web.session.recent')}</h2>
          <table className="table table--cards">
            <caption className="visually-hidden">{t('vaccination.web.session.recent')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('vaccination.web.due.name')}</th>
                <th scope="col">{t('vaccination.web.session.dose')}</th>
                <th scope="col">{t('vaccination.web.session.lot')}</th>
                <th scope="col">{t('vaccination.web.session.time')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('vaccination.web.session.void')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {doses.map((d) => (
                <tr key={d.id}>
                  <th scope="row" data-label={t('vaccination.web.due.name')}>
                    {d.fullName}
                  </th>
                  <td data-label={t('vaccination.web.session.dose')}>
                    {d.doseNumber} · {productName(d.productCode)}
                  </td>
                  <td data-label={t('vaccination.web.session.lot')} className="mono">
                    {d.lotNumber}
                  </td>
                  <td data-label={t('vaccination.web.session.time')}>
                    {formatDateTime(d.createdAt, i18n.language)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`${t('vaccination.web.session.void')} ${d.fullName}`}
                      onClick={() => {
                        voidDose(d.id);
                      }}
                    >
                      {t('vaccination.web.session.void')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {t('vaccination.web.session.shown', { shown: doses.length, count: doseCount })}
          </p>
          <LoadMore list={detail} label={t('vaccination.web.session.moreDoses')} />
        </>
      )}
    </>
  );
}
