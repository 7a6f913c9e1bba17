/**
 * `/situation/beds` — the daily bed report of a facility (issue #13 item 1): facility staff pick
 * their facility (those of their jurisdiction), the day (today by default, never later) and the
 * hospital and ICU beds, total and occupied; a second report the same day replaces the first
 * (`POST /api/indicators/beds`, audited). The latest report of each facility is shown beside.
 */
import { useCallback, useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { today } from '@epilink/core';
import { ApiError, request } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { useAuth } from '../../auth.tsx';
import { canReadIndicators } from './access.ts';
import { SituationTabs } from './SituationTabs.tsx';

interface BedFigures {
  bedsTotal: number;
  bedsOccupied: number;
  icuTotal: number;
  icuOccupied: number;
}

interface BedFacility {
  id: string;
  name: string;
  kind: string;
  unitCode: string;
  latest: ({ day: string } & BedFigures) | null;
}

const FIELDS = ['bedsTotal', 'bedsOccupied', 'icuTotal', 'icuOccupied'] as const;

const loadFacilities = () =>
  request<{ items: BedFacility[] }>('GET', '/api/indicators/beds/facilities').then((r) => r.items);

export function BedsPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string>) => t(`indicators.beds.${key}`, params);
  usePageTitle(k('title'));
  const { user } = useAuth();
  const ids = { facility: useId(), day: useId(), figures: useId() };
  const load = useCallback(() => loadFacilities(), []);
  const facilities = useApi(load);
  const [facilityId, setFacilityId] = useState('');
  const [day, setDay] = useState(today());
  const [figures, setFigures] = useState<Record<(typeof FIELDS)[number], string>>({
    bedsTotal: '',
    bedsOccupied: '',
    icuTotal: '',
    icuOccupied: '',
  });
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const list = facilities.latest ?? [];
  const chosen = facilityId || list[0]?.id || '';

  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaving(true);
    setSaved(null);
    setError(null);
    try {
      const body = {
        facilityId: chosen,
        day,
        ...Object.fromEntries(FIELDS.map((f) => [f, Number(figures[f])])),
      };
      const result = await request<{ day: string }>('POST', '/api/indicators/beds', body);
      setSaved(result.day);
      facilities.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', String(err)));
    } finally {
      setSaving(false);
    }
  }

  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  return (
    <div className="beds">
      <h1>{k('title')}</h1>
      {user && canReadIndicators(user) && <SituationTabs />}
      <p className="muted">{k('intro')}</p>
      {facilities.error && <ErrorBox error={facilities.error} onRetry={facilities.reload} />}
      {facilities.loading && !facilities.latest && <Loading />}
      <form className="card" onSubmit={(e) => void submit(e)} aria-describedby={ids.figures}>
        <div className="field">
          <label htmlFor={ids.facility}>{k('facility')}</label>
          <select
            id={ids.facility}
            value={chosen}
            required
            onChange={(e) => {
              setFacilityId(e.target.value);
            }}
          >
            {list.length === 0 && <option value="">{k('chooseFacility')}</option>}
            {list.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.day}>{k('day')}</label>
          <input
            id={ids.day}
            type="date"
            value={day}
            max={today()}
            required
            onChange={(e) => {
              setDay(e.target.value);
            }}
          />
        </div>
        <fieldset id={ids.figures} className="beds__figures">
          {FIELDS.map((f) => (
            <div className="field" key={f}>
              <label htmlFor={`${ids.figures}-${f}`}>{k(f)}</label>
              <input
                id={`${ids.figures}-${f}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={100000}
                step={1}
                required
                value={figures[f]}
                onChange={(e) => {
                  setFigures((v) => ({ ...v, [f]: e.target.value }));
                }}
              />
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={saving || !chosen}>
          {k('submit')}
        </button>
      </form>
      {saved && (
        <p className="notice notice--success" role="status">
          {k('saved', { day: formatDate(saved, i18n.language) ?? saved })}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      <section aria-labelledby="beds-recent">
        <h2 id="beds-recent">{k('recent')}</h2>
        {list.every((f) => !f.latest) ? (
          <p className="muted">{k('none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">{k('facility')}</th>
                  <th scope="col">{k('day')}</th>
                  {FIELDS.map((f) => (
                    <th scope="col" key={f}>
                      {k(f)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((f) => f.latest)
                  .map((f) => (
                    <tr key={f.id}>
                      <th scope="row" data-label={k('facility')}>
                        {f.name}
                      </th>
                      <td data-label={k('day')}>{formatDate(f.latest!.day, i18n.language)}</td>
                      {FIELDS.map((m) => (
                        <td key={m} data-label={k(m)}>
                          {nf.format(f.latest![m])}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
