/**
 * Check-in adoption indicators for officials (`/checkins/activity`): registered vs active venues
 * (a check-in in the last 7 days), check-ins today and per day, by district, commune and venue
 * type, and the venues gone quiet.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { todayIso } from '../vaccination/api.ts';
import { checkinApi, type Activity, type ActivityRow, type QuietVenue } from './api.ts';
import { formatDate } from '../../format.ts';

/** The indicators on a day, in the units of the list in force on `unitsAsOf`. */
function activityOn(asOf: string, unitsAsOf: string): Promise<Activity> {
  const q = new URLSearchParams({ asOf, unitsAsOf });
  return request<Activity>('GET', `/api/checkins/activity?${q.toString()}`);
}

function pct(active: number, registered: number): string {
  return registered === 0 ? '–' : `${Math.round((100 * active) / registered)} %`;
}

/** The quiet venues: the dashboard's first page, then "Load more" by cursor. */
function QuietVenues({ first, next }: { first: QuietVenue[]; next: string | null }) {
  const { t } = useTranslation();
  const list = usePaged(
    useCallback(
      (cursor?: string) =>
        cursor === undefined ? Promise.resolve({ items: first, nextCursor: next }) : checkinApi.quiet(cursor),
      [first, next],
    ),
  );
  return (
    <section aria-label={t('checkin.activity.quiet')}>
      <h2>{t('checkin.activity.quiet')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('checkin.citizen.venue')}</th>
            <th scope="col">{t('checkin.owner.type')}</th>
            <th scope="col">{t('checkin.activity.lastCheckin')}</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((q) => (
            <tr key={q.id}>
              <td>{q.name}</td>
              <td>{t(`checkin.type.${q.type}`)}</td>
              <td>{q.lastCheckinDay ?? t('checkin.activity.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore list={list} />
    </section>
  );
}

function RowsTable({
  title,
  rows,
  label,
}: {
  title: string;
  rows: ActivityRow[];
  label: (r: ActivityRow) => string;
}) {
  const { t } = useTranslation();
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <table className="table table--cards">
        <thead>
          <tr>
            <th scope="col">{t('checkin.activity.unit')}</th>
            <th scope="col">{t('checkin.activity.registered')}</th>
            <th scope="col">{t('checkin.activity.active')}</th>
            <th scope="col">{t('checkin.activity.activeShare')}</th>
            <th scope="col">{t('checkin.activity.checkinsToday')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td data-label={t('checkin.activity.unit')}>{label(r)}</td>
              <td data-label={t('checkin.activity.registered')}>{r.registered}</td>
              <td data-label={t('checkin.activity.active')}>{r.active}</td>
              <td data-label={t('checkin.activity.activeShare')}>{pct(r.active, r.registered)}</td>
              <td data-label={t('checkin.activity.checkinsToday')}>{r.checkinsToday}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ActivityPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('checkin.activity.title'));
  const [asOf, setAsOf] = useState(todayIso());
  const [unitsAsOf, setUnitsAsOf] = useState(todayIso());
  const a = useApi(
    useCallback(() => activityOn(asOf || todayIso(), unitsAsOf || todayIso()), [asOf, unitsAsOf]),
  );
  const d = a.latest;
  return (
    <>
      <h1>{t('checkin.activity.title')}</h1>
      <form
        className="form form--inline"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field">
          <label htmlFor="act-asof">{t('checkin.activity.asOf')}</label>
          <input
            id="act-asof"
            type="date"
            value={asOf}
            onChange={(e) => {
              setAsOf(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="act-units">{t('checkin.activity.unitsAsOf')}</label>
          <input
            id="act-units"
            type="date"
            value={unitsAsOf}
            aria-describedby="act-units-help"
            onChange={(e) => {
              setUnitsAsOf(e.target.value);
            }}
          />
        </div>
      </form>
      <p id="act-units-help" className="muted">
        {t('checkin.activity.unitsAsOfHelp')}
      </p>
      {a.loading && !d && <Loading />}
      {a.error && <ErrorBox error={a.error} onRetry={a.reload} />}
      {d && (
        <>
          <dl className="stats">
            <div className="stat">
              <dt className="stat__label">{t('checkin.activity.registered')}</dt>
              <dd className="stat__value">{d.totals.registered}</dd>
            </div>
            <div className="stat">
              <dt className="stat__label">{t('checkin.activity.active')}</dt>
              <dd className="stat__value">{d.totals.active}</dd>
            </div>
            <div className="stat">
              <dt className="stat__label">{t('checkin.activity.activeShare')}</dt>
              <dd className="stat__value">{pct(d.totals.active, d.totals.registered)}</dd>
            </div>
            <div className="stat">
              <dt className="stat__label">{t('checkin.activity.checkinsToday')}</dt>
              <dd className="stat__value">{d.totals.checkinsToday}</dd>
            </div>
          </dl>
          <RowsTable
            title={t('checkin.activity.byDistrictOrArea')}
            rows={d.byDistrict}
            label={(r) => r.name ?? r.key}
          />
          <RowsTable
            title={t('checkin.activity.byCommune')}
            rows={d.byCommune}
            label={(r) => r.name ?? r.key}
          />
          <RowsTable
            title={t('checkin.activity.byType')}
            rows={d.byType}
            label={(r) => t(`checkin.type.${r.key}`)}
          />
          <section aria-label={t('checkin.activity.perDay')}>
            <h2>{t('checkin.activity.perDay')}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('checkin.activity.day')}</th>
                  <th scope="col">{t('checkin.activity.count')}</th>
                </tr>
              </thead>
              <tbody>
                {d.perDay.map((p) => (
                  <tr key={p.day}>
                    <td>{formatDate(p.day, i18n.language)}</td>
                    <td>{p.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <QuietVenues first={d.quiet} next={d.quietNextCursor} />
        </>
      )}
    </>
  );
}
