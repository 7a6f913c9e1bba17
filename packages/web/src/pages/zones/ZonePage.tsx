/**
 * `/zones/:id` and `/campaigns/:id` (issue #16 items 6–7): a zone's decision, communes, rounds with
 * their progress (total and by commune, reloaded every 30 s), scheduling a round, lifting the zone
 * when the rule allows, the decision PDFs, and the residents, venues and not-yet-tested lists.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { useUnitNames } from '../cases/unitNames.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { testingApi } from '../testing/api.ts';
import { zonesApi } from './api.ts';
import type { Round, ZoneDetail } from './api.ts';
import { HamletProgress } from './HamletProgress.tsx';
import { RoundSlots } from './RoundSlots.tsx';

/** A form field's text ('' when absent or a file). */
const val = (f: FormData, k: string): string => {
  const v = f.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

function RoundCard({ zoneId, round }: { zoneId: string; round: Round }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const communeName = useUnitNames(round.byCommune.map((c) => c.communeCode));
  const days = {
    number: round.number,
    from: formatDate(round.startsOn, i18n.language),
    to: formatDate(round.endsOn, i18n.language),
  };
  const untested = usePaged(
    useCallback((cursor?: string) => zonesApi.untested(zoneId, round.id, cursor), [zoneId, round.id]),
  );
  return (
    <article className="card" aria-label={t('zones.round', days)}>
      <h3>{t('zones.round', days)}</h3>
      <p>
        <progress max={100} value={round.total.testedPercent} aria-label={t('zones.tested')} />{' '}
        {t('zones.roundFigures', {
          tested: round.total.tested,
          members: round.total.members,
          percent: round.total.testedPercent,
          positives: round.total.positives,
          pools: round.poolCount,
        })}
      </p>
      <div className="table-scroll">
        <table>
          <caption>{t('zones.byCommune')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('zones.commune')}</th>
              <th scope="col">{t('zones.tested')}</th>
              <th scope="col">{t('zones.positives')}</th>
            </tr>
          </thead>
          <tbody>
            {round.byCommune.map((c) => (
              <tr key={c.communeCode}>
                <td>{communeName(c.communeCode)}</td>
                <td>
                  {c.tested}/{c.members} ({c.testedPercent}%)
                </td>
                <td>{c.positives}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HamletProgress zoneId={zoneId} roundId={round.id} />
      <RoundSlots zoneId={zoneId} round={round} />
      <p className="actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setOpen(!open);
          }}
          aria-expanded={open}
        >
          {t('zones.untested')}
        </button>{' '}
        <a className="button button--secondary" href={`/api/zones/${zoneId}/rounds/${round.id}/untested.csv`}>
          {t('zones.exportCsv')}
        </a>
      </p>
      {open && (
        <section aria-label={t('zones.untested')}>
          {untested.error && <ErrorBox error={untested.error} />}
          <ul className="list">
            {untested.items.map((p) => (
              <li key={p.id}>
                {p.fullName} · {formatDate(p.dateOfBirth, i18n.language) ?? ''} · {communeName(p.communeCode)}
              </li>
            ))}
          </ul>
          <LoadMore list={untested} label={t('zones.more')} />
        </section>
      )}
    </article>
  );
}

function ScheduleRound({ zoneId, onDone }: { zoneId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const sites = usePaged(useCallback((cursor?: string) => testingApi.sites(cursor), []));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const poolBy = val(f, 'poolBy');
    setBusy(true);
    setError(null);
    zonesApi
      .schedule(zoneId, {
        startsOn: val(f, 'startsOn'),
        endsOn: val(f, 'endsOn'),
        siteId: val(f, 'siteId'),
        ...(poolBy === 'household' || poolBy === 'cluster' ? { poolBy } : {}),
      })
      .then(
        () => {
          setBusy(false);
          onDone();
        },
        (err: unknown) => {
          setBusy(false);
          setError(asError(err));
        },
      );
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('zones.newRound')}>
      <h3>{t('zones.newRound')}</h3>
      <div className="field">
        <label htmlFor="round-start">{t('zones.startsOn')}</label>
        <input id="round-start" name="startsOn" type="date" required />
      </div>
      <div className="field">
        <label htmlFor="round-end">{t('zones.endsOn')}</label>
        <input id="round-end" name="endsOn" type="date" required />
      </div>
      <div className="field">
        <label htmlFor="round-site">{t('zones.site')}</label>
        <select id="round-site" name="siteId" required>
          {sites.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="round-pool">{t('zones.poolBy')}</label>
        <select id="round-pool" name="poolBy" defaultValue="">
          <option value="">{t('zones.policyDefault')}</option>
          <option value="household">{t('zones.poolByHousehold')}</option>
          <option value="cluster">{t('zones.poolByCluster')}</option>
        </select>
      </div>
      {error && <ErrorBox error={error} />}
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('zones.newRound')}
        </button>
      </p>
    </form>
  );
}

function LiftForm({ detail, onDone }: { detail: ZoneDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const lift = detail.lift;
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    zonesApi
      .lift(detail.zone.id, {
        liftedOn: val(f, 'liftedOn'),
        decisionRef: val(f, 'decisionRef'),
      })
      .then(onDone, (err: unknown) => {
        setError(asError(err));
      });
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('zones.lift')}>
      <h3>{t('zones.lift')}</h3>
      {lift === null ? (
        <p>{t('zones.liftNoRule')}</p>
      ) : (
        <p role="status">
          {t(lift.allowed ? 'zones.liftAllowed' : 'zones.liftNotYet', {
            days: lift.daysWithoutCase,
            required: lift.daysRequired,
            since: lift.since,
            earliestOn: lift.earliestOn,
          })}
        </p>
      )}
      <div className="field">
        <label htmlFor="lift-ref">{t('zones.liftDecisionRef')}</label>
        <input id="lift-ref" name="decisionRef" required maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor="lift-on">{t('zones.liftedOn')}</label>
        <input id="lift-on" name="liftedOn" type="date" required defaultValue={lift?.earliestOn} />
      </div>
      {error && <ErrorBox error={error} />}
      <p className="actions">
        <button type="submit" className="button">
          {t('zones.lift')}
        </button>
      </p>
    </form>
  );
}

/** One zone or campaign. */
export function ZonePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const detail = useApi(useCallback(() => zonesApi.get(id), [id]));
  const residents = usePaged(useCallback((cursor?: string) => zonesApi.residents(id, cursor), [id]));
  const communeName = useUnitNames([
    ...(detail.latest?.zone.communeCodes ?? []),
    ...residents.items.map((p) => p.communeCode),
  ]);
  const venues = usePaged(useCallback((cursor?: string) => zonesApi.venues(id, cursor), [id]));
  const { reload } = detail;
  // Results arrive from the lab at any time: the progress is read again every 30 s.
  useEffect(() => {
    const timer = setInterval(reload, 30_000);
    return () => {
      clearInterval(timer);
    };
  }, [reload]);
  const d = detail.latest;
  usePageTitle(d?.zone.name ?? t('zones.title'));
  if (!d)
    return (
      <div className="page">
        {detail.error ? <ErrorBox error={detail.error} onRetry={reload} /> : <Loading />}
      </div>
    );
  const z = d.zone;
  const statusKey = z.kind === 'campaign' ? `zones.campaignStatus.${z.status}` : `zones.status.${z.status}`;
  return (
    <div className="page">
      <h1>{z.name}</h1>
      <p>
        {t(statusKey)} · {t('zones.decisionRef')}: {z.decisionRef} · {t('zones.startsOn')}:{' '}
        {formatDate(z.startsOn, i18n.language)}
        {z.liftedOn &&
          ` · ${t('zones.liftedOn')}: ${formatDate(z.liftedOn, i18n.language) ?? ''} (${z.liftDecisionRef ?? ''})`}
      </p>
      <p>
        {t('zones.reason')}: {z.reason}
      </p>
      <p>
        {t('zones.communes')}: {z.communeCodes.map(communeName).join(', ')}
        {z.targetPercent !== null && ` · ${t('zones.targetPercent')}: ${z.targetPercent}%`}
      </p>
      {z.kind === 'blockade' && (
        <p className="actions">
          {t('zones.documents')}:{' '}
          <a href={`/api/zones/${z.id}/decision.pdf?document=establish`}>{t('zones.establishPdf')}</a>
          {z.status === 'lifted' && (
            <>
              {' · '}
              <a href={`/api/zones/${z.id}/decision.pdf?document=lift`}>{t('zones.liftPdf')}</a>
            </>
          )}
        </p>
      )}
      <section aria-label={t('zones.rounds')}>
        <h2>{t('zones.rounds')}</h2>
        {d.rounds.length === 0 && <p>{t('zones.noRounds')}</p>}
        {d.rounds.map((r) => (
          <RoundCard key={r.id} zoneId={z.id} round={r} />
        ))}
        {z.status === 'active' && <ScheduleRound zoneId={z.id} onDone={reload} />}
      </section>
      {z.kind === 'blockade' && z.status === 'active' && <LiftForm detail={d} onDone={reload} />}
      <section aria-label={t('zones.residents')}>
        <h2>{t('zones.residents')}</h2>
        {residents.error && <ErrorBox error={residents.error} />}
        <ul className="list">
          {residents.items.map((p) => (
            <li key={p.id}>
              {p.fullName} · {formatDate(p.dateOfBirth, i18n.language) ?? ''} · {communeName(p.communeCode)}
            </li>
          ))}
        </ul>
        <LoadMore list={residents} label={t('zones.more')} />
      </section>
      <section aria-label={t('zones.venues')}>
        <h2>{t('zones.venues')}</h2>
        {venues.error && <ErrorBox error={venues.error} />}
        <ul className="list">
          {venues.items.map((v) => (
            <li key={v.id}>
              {v.name} · {v.address}
              {v.insidePolygon !== null &&
                ` · ${t(v.insidePolygon ? 'zones.insidePolygon' : 'zones.outsidePolygon')}`}
            </li>
          ))}
        </ul>
        <LoadMore list={venues} label={t('zones.more')} />
      </section>
    </div>
  );
}
